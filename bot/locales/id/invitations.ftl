## Salam pembuka undangan, dan undangan untuk WhatsApp (issue 10, butir 7 dan 9)

invitation-salutation =
    Yth. Bapak/Ibu <b>{ $name }</b>,
    dengan hormat, <b>{ $office }</b> mengundang Bapak/Ibu untuk menghadiri forum berikut.
recap-legend = {""}
    ⭐ pilar utama

## Undangan sebagai teks biasa untuk WhatsApp (tanpa HTML; *tebal* ala WhatsApp)
button-whatsapp = 📋 Teks untuk WhatsApp
whatsapp-heading = 📋 Teks undangan <b>{ $title }</b> untuk pejabat yang tidak memakai Telegram. Salin atau teruskan pesan berikut ke WhatsApp:
whatsapp-invitation =
    Yth. Bapak/Ibu,
    dengan hormat, { $office } mengundang Bapak/Ibu untuk menghadiri:

    {"*"}{ $title }*
    🕘 { $when }
    📍 { $venue }
    📋 Agenda: { $agenda }
    👥 Pilar: { $pillars }{ $deadline }

    Mohon berkenan mengonfirmasi kehadiran melalui Telegram: { $link }
    Bapak/Ibu yang tidak memakai Telegram dapat membalas pesan ini.
    Terima kasih.
error-invitation-not-registered = Bapak/Ibu belum terdaftar, sehingga undangan ini belum dapat dibuka. Silakan mendaftar dahulu dengan /daftar, lalu buka tautan undangan ini lagi.
