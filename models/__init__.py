"""SQLModel tables; importing this package registers every table on `SQLModel.metadata`."""

from models.base import UTCDateTime, utcnow
from models.forum import (
    Attendance,
    AttendanceMethod,
    Forum,
    ForumPillar,
    ForumStatus,
    ReminderRun,
    Rsvp,
    RsvpAnswer,
)
from models.group import CoordinationGroup, GroupPost
from models.inbound import InboundUpdate
from models.instance import InstanceLease
from models.kiosk import KioskSession, KioskTicket
from models.member import (
    LANGUAGES,
    ApprovalDigest,
    Member,
    MemberStatus,
    Pillar,
    PillarInvite,
)
from models.messaging import (
    Announcement,
    AnnouncementReceipt,
    AudienceKind,
    AuditEntry,
    FileKind,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
)
from models.office import OfficeProfile, PaperKind, Signatory
from models.paper import ForumMinutes, SurveyResponse, SurveyRun
from models.photo import ForumPhoto

__all__ = [
    "LANGUAGES",
    "Announcement",
    "AnnouncementReceipt",
    "ApprovalDigest",
    "Attendance",
    "AttendanceMethod",
    "AudienceKind",
    "AuditEntry",
    "CoordinationGroup",
    "FileKind",
    "Forum",
    "ForumMinutes",
    "ForumPhoto",
    "ForumPillar",
    "ForumStatus",
    "GroupPost",
    "InboundUpdate",
    "InstanceLease",
    "KioskSession",
    "KioskTicket",
    "Member",
    "MemberStatus",
    "OfficeProfile",
    "OutboxKind",
    "OutboxMessage",
    "OutboxStatus",
    "PaperKind",
    "Pillar",
    "PillarInvite",
    "ReminderRun",
    "Rsvp",
    "RsvpAnswer",
    "Signatory",
    "SurveyResponse",
    "SurveyRun",
    "UTCDateTime",
    "utcnow",
]
