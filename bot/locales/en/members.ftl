## Member directory (/anggota), page by page
roster-page = Page { $page } of { $pages }
