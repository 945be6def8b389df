BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Staff self-assessment') BBBBBBBB
BBBBB BBBBBBB
XXXXXXXXXXXX gettext(u'Staff self-assessment on service orientation') XXXXXXXXXXXXXXXXXXXXX
BB BBBBBBBB
XX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX gettext(u'You have already answered the self-assessment for this semester.') XXXX
BBBB
XXX gettext(u"Five statements, answered once a semester. Your answers are stored without your name and count only in the centre's average, shown once enough colleagues have answered.") XXXX
XXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXBBBBBBBBBB
  BBBBBBB BBBBBBBBBBBBBBBBBBBB BBBB BBBBBBBBB
  XXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX gettext(u'Send my answers') XXXXXXXXX
XXXXXXX
BBBBB
XXXXX XXXXXXBBB BBBBBBBBBBBBBBBBBBBBBBBBBB BBBBBBBBBXX gettext(u'Back to the scorecard') XXXXXXXX
BBBBBBBB
