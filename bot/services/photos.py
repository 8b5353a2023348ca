"""A forum's photo documentation ("dokumentasi", SPEC section 7; issue 11, item 5): the
photos admins send to a published forum, numbered in the order they came, with a caption
each, for the Dokumentasi pages of the Berkas SPJ.

Every change is audit-logged (`forum.photo.add`, `.delete`, `.caption`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func
from sqlalchemy.orm import defer
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import audit
from bot.services.errors import ServiceError
from bot.services.forums import published_forum
from models import Forum, ForumPhoto, Member

MAX_PHOTOS = 40
MAX_CAPTION = 200
# The stored copy: the largest size Telegram made whose longer side is at most this (px).
MAX_SIDE = 1280


@dataclass(frozen=True)
class PhotoLine:
    """A photo as the list shows it (no bytes): its number, caption and pixels."""

    id: int
    position: int
    caption: str
    width: int
    height: int


@dataclass(frozen=True)
class Added:
    """A photo stored: its number and how many the forum has now."""

    forum: Forum
    photo: PhotoLine
    count: int


def choose_size(sizes: Sequence[tuple[int, int]]) -> int:
    """The index of the size to store among `sizes` (width, height in px, as a message's
    `photo` lists them): the largest whose longer side is at most `MAX_SIDE`, else the
    smallest (every size is bigger)."""
    if not sizes:
        raise ValueError("a photo has at least one size")
    fitting = [index for index, (w, h) in enumerate(sizes) if max(w, h) <= MAX_SIDE]
    if fitting:
        return max(fitting, key=lambda index: sizes[index][0] * sizes[index][1])
    return min(range(len(sizes)), key=lambda index: sizes[index][0] * sizes[index][1])


def check_caption(caption: str) -> str:
    """`caption` stripped; raises ServiceError `error-photo-caption-long` (with `limit`)
    past `MAX_CAPTION` characters."""
    caption = caption.strip()
    if len(caption) > MAX_CAPTION:
        raise ServiceError("error-photo-caption-long", limit=MAX_CAPTION, length=len(caption))
    return caption


async def photo_forum(session: AsyncSession, forum_id: int) -> Forum:
    """The published (not cancelled) forum photos are sent to; started or past is fine.

    Raises:
        ServiceError: as `bot.services.forums.published_forum`.
    """
    return await published_forum(session, forum_id)


async def count(session: AsyncSession, forum_id: int) -> int:
    """How many photos the forum has."""
    query = select(func.count()).select_from(ForumPhoto).where(ForumPhoto.forum_id == forum_id)
    return int((await session.exec(query)).one())


async def check_room(session: AsyncSession, forum_id: int, *, file_unique_id: str) -> Forum:
    """Before downloading a photo: the forum takes it (published, fewer than `MAX_PHOTOS`,
    not this photo already).

    Raises:
        ServiceError: as `photo_forum`; `error-photo-full` (with `limit`),
            `error-photo-duplicate` (with `number`).
    """
    forum = await photo_forum(session, forum_id)
    if await count(session, forum_id) >= MAX_PHOTOS:
        raise ServiceError("error-photo-full", limit=MAX_PHOTOS)
    await _refuse_duplicate(session, forum_id, col(ForumPhoto.file_unique_id) == file_unique_id)
    return forum


async def _refuse_duplicate(
    session: AsyncSession, forum_id: int, same_as: ColumnElement[bool]
) -> None:
    query = select(ForumPhoto.position).where(ForumPhoto.forum_id == forum_id, same_as)
    same = (await session.exec(query)).first()
    if same is not None:
        raise ServiceError("error-photo-duplicate", number=same)


async def add_photo(
    session: AsyncSession,
    forum_id: int,
    *,
    admin: Member,
    file_id: str,
    file_unique_id: str,
    data: bytes,
    width: int,
    height: int,
    caption: str,
    now: datetime,
) -> Added:
    """Store a photo (Bot API `PhotoSize` ids, its downloaded bytes and pixels) as the
    forum's next one; the caller commits.

    Raises:
        ServiceError: as `check_room`; `error-photo-caption-long`; `error-photo-duplicate`
            for the same bytes under another `file_unique_id` (uploaded again).
    """
    caption = check_caption(caption)
    forum = await check_room(session, forum_id, file_unique_id=file_unique_id)
    digest = hashlib.sha256(data).hexdigest()
    await _refuse_duplicate(session, forum_id, col(ForumPhoto.sha256) == digest)
    last = (
        await session.exec(
            select(func.max(ForumPhoto.position)).where(ForumPhoto.forum_id == forum_id)
        )
    ).one()
    photo = ForumPhoto(
        forum_id=forum_id,
        file_id=file_id,
        file_unique_id=file_unique_id,
        sha256=digest,
        caption=caption,
        data=data,
        width=width,
        height=height,
        position=(last or 0) + 1,
        added_by_user_id=admin.telegram_user_id,
        added_at=now,
    )
    session.add(photo)
    await session.flush()
    await audit.record(
        session,
        actor_user_id=admin.telegram_user_id,
        action="forum.photo.add",
        target=f"forum:{forum_id}",
        photo=photo.id,
        number=photo.position,
        bytes=len(data),
        sha256=digest,
    )
    return Added(forum=forum, photo=_line(photo), count=await count(session, forum_id))


def _line(photo: ForumPhoto) -> PhotoLine:
    return PhotoLine(
        id=photo.id or 0,
        position=photo.position,
        caption=photo.caption,
        width=photo.width,
        height=photo.height,
    )


async def list_photos(session: AsyncSession, forum_id: int) -> list[PhotoLine]:
    """The forum's photos in order, without their bytes (for the list)."""
    # The bytes stay in the database: up to 40 photos of a few hundred kB each.
    query = (
        select(ForumPhoto)
        .options(defer(ForumPhoto.data))  # type: ignore[arg-type]
        .where(ForumPhoto.forum_id == forum_id)
        .order_by(col(ForumPhoto.position))
    )
    return [_line(photo) for photo in (await session.exec(query)).all()]


async def photos_for_print(session: AsyncSession, forum_id: int) -> list[ForumPhoto]:
    """The forum's photos in order, with their bytes (for the PDF)."""
    query = (
        select(ForumPhoto)
        .where(ForumPhoto.forum_id == forum_id)
        .order_by(col(ForumPhoto.position))
    )
    return list((await session.exec(query)).all())


async def _own_photo(session: AsyncSession, photo_id: int) -> tuple[Forum, ForumPhoto]:
    photo = await session.get(ForumPhoto, photo_id)
    if photo is None:
        raise ServiceError("error-photo-not-found")
    return await photo_forum(session, photo.forum_id), photo


async def delete_photo(
    session: AsyncSession, photo_id: int, *, admin: Member
) -> tuple[Forum, int]:
    """Delete a photo; the ones after it move up a number. Returns its forum and the
    number it had; the caller commits.

    Raises:
        ServiceError: `error-photo-not-found`; as `photo_forum`.
    """
    forum, photo = await _own_photo(session, photo_id)
    number = photo.position
    await session.delete(photo)
    later = await session.exec(
        select(ForumPhoto).where(
            ForumPhoto.forum_id == photo.forum_id, col(ForumPhoto.position) > number
        )
    )
    for after in later.all():
        after.position -= 1
        session.add(after)
    await audit.record(
        session,
        actor_user_id=admin.telegram_user_id,
        action="forum.photo.delete",
        target=f"forum:{photo.forum_id}",
        photo=photo_id,
        number=number,
        sha256=photo.sha256,
    )
    return forum, number


async def photo_line(session: AsyncSession, photo_id: int) -> tuple[Forum, PhotoLine]:
    """A photo of a published forum, as the list shows it.

    Raises:
        ServiceError: `error-photo-not-found`; as `photo_forum`.
    """
    forum, photo = await _own_photo(session, photo_id)
    return forum, _line(photo)


async def set_caption(
    session: AsyncSession, photo_id: int, caption: str, *, admin: Member
) -> tuple[Forum, PhotoLine]:
    """Replace a photo's caption (empty: none); the caller commits.

    Raises:
        ServiceError: `error-photo-not-found`; as `photo_forum`; `error-photo-caption-long`.
    """
    caption = check_caption(caption)
    forum, photo = await _own_photo(session, photo_id)
    old = photo.caption
    photo.caption = caption
    session.add(photo)
    await audit.record(
        session,
        actor_user_id=admin.telegram_user_id,
        action="forum.photo.caption",
        target=f"forum:{photo.forum_id}",
        photo=photo_id,
        number=photo.position,
        old=old,
        new=caption,
    )
    return forum, _line(photo)
