"""English function words: tokens that carry no content of their own.

Content-word overlap (everything not in this list) is what the word-set sketch and
the sentence aligner compare, so that two unrelated sentences do not look alike for
sharing "the", "of" and "said".
"""

ENGLISH_STOPWORDS = frozenset(
    """
    a about above after again against ago all almost along already also although always am among an and
    another any anyone anything are around as at away back be became because become been before being
    below between both but by can cannot could did do does doing done down during each either else even
    ever every few for from further get gets got had has have having he her here hers herself him himself
    his how however i if in into is it its itself just last least less like many may me might more most
    much must my myself near neither never new no nor not now of off often on once one only onto or other
    others otherwise our ours ourselves out over own per perhaps quite rather s said same say says saying
    see seen several shall she should since so some something still such t than that the their theirs
    them themselves then there therefore these they this those though three through thus to told too
    toward towards two under until up upon us very via was way we well were what whatever when where
    whether which while who whom whose why will with within without would yet you your yours yourself
    mr mrs ms dr re ll ve d m n o don didn doesn isn wasn weren won wouldn couldn shouldn aren hasn haven
    """.split()
)
