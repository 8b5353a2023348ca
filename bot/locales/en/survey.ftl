## The satisfaction survey after a forum (issue 11, item 7)
survey =
    📝 <b>Satisfaction survey</b>
    <b>{ $title }</b>
    { $when }

    Thank you for attending. Please rate, from 1 (very poor) to 5 (very good). Your answers are never shown with your name.
    1. Usefulness of the forum: <b>{ $usefulness }</b>
    2. KPU's service: <b>{ $service }</b>

    { $step }
survey-no-score = –
survey-step-usefulness = ❓ <b>Question 1:</b> how useful was this forum to you?
survey-step-service = ❓ <b>Question 2:</b> how was KPU's service at this forum?
survey-step-comment = 💬 You may add a comment or suggestion (optional).
survey-step-done = 🙏 Thank you, we have received your rating. You can change it with the button below.
survey-your-comment = Your comment: <i>{ $comment }</i>
button-survey-comment = ✍️ Write a comment
button-survey-skip = Skip
button-survey-redo = ✏️ Change rating
survey-ask-comment = ✍️ Please type your comment or suggestion on <b>{ $title }</b> (at most { $limit } characters), or /cancel.
survey-comment-saved = 🙏 Thank you, we have received your comment.
error-survey-not-attendee = This survey is only for those who attended that forum.
survey-recap =
    📝 <b>Satisfaction survey</b>: { $count } responses · usefulness { $usefulness } · service { $service } · comments { $comments }
    { $rows }
survey-recap-row = <b>{ $pillar }</b>: { $count } responses · usefulness { $usefulness } · service { $service }
survey-pdf-title = SATISFACTION SURVEY SUMMARY
survey-pdf-responses = Responses
survey-pdf-count = Responses
survey-pdf-usefulness = Usefulness of the forum
survey-pdf-service = KPU's service
survey-pdf-question = Question (score 1–5)
survey-pdf-average = Average
survey-pdf-comments = Comments and suggestions (without names)
