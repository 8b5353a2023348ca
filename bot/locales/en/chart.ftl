## The recap as a picture (/report).

chart-attending = Attending
chart-delegated = Represented
chart-declined = Not attending
chart-no-answer = No answer
chart-others = { $count } other pillars
chart-figures = { $confirmed }/{ $invited } · checked in { $present }
recap-chart-caption = 📊 Summary by pillar: { $title }
