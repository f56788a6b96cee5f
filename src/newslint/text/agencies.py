"""News and photo agencies, as the rules recognise them in text.

Three lists, because three places ask three questions: which names may stand
in a photo credit (picture agencies included, case significant so that "AP"
never matches inside "Chapter"), which wire services write datelines and
bylines that legitimately recur across a site (NL150), and which ones sign
off a wire story after its last sentence ("... on Monday. PTI"). A name in
one list and not another is deliberate: "Getty Images" credits pictures but
never signs a story, "CNN" writes datelines but is no photo agency.
"""

from __future__ import annotations

# Photo and news agencies that appear in credits. Case matters: "AP" and "EPA"
# must be upper case, which keeps "ap"/"epa" inside ordinary words out.
CREDIT_AGENCIES = (
    "Associated Press",
    "AP Images",
    "AP",
    "Agence France-Presse",
    "AFP",
    "Reuters",
    "REUTERS",
    "Getty Images",
    "GETTY IMAGES",
    "Getty",
    "GETTY",
    "getty",
    "EPA-EFE",
    "EPA",
    "EFE",
    "Shutterstock",
    "SHUTTERSTOCK",
    "iStockphoto",
    "iStock",
    "Alamy Stock Photo",
    "Alamy",
    "Bloomberg",
    "Xinhua",
    "ANSA",
    "dpa",
    "DPA",
    "PA Images",
    "PA Wire",
    "PA Media",
    "PA",
    "NurPhoto",
    "ZUMA Press",
    "ZUMA Wire",
    "ZUMA",
    "Rex Features",
    "REX",
    "Rex",
    "SWNS",
    "Corbis",
    "AAP",
    "Kyodo",
    "Yonhap",
    "TASS",
    "Sipa USA",
    "Sipa",
    "SOPA Images",
    "LightRocket",
    "WireImage",
    "FilmMagic",
    "Anadolu Agency",
    "Anadolu",
    "Imago",
    "IMAGO",
    "Abaca",
    "ABACAPRESS",
    "Newscom",
    "Invision",
    "Sapa",
    "The New York Times",
    "The Washington Post",
    "USA TODAY",
    "Pool",
    "POOL",
    "Handout",
    "handout",
    "STF",
    "NASA",
    "ESA",
    "Future",
    "EXPRESS",
    "PTI",
    "IANS",
    "ANI",
)
# Agencies that only ever sell pictures: a bare line naming one is a credit.
PICTURE_AGENCIES = (
    "Getty Images",
    "GETTY IMAGES",
    "Getty",
    "GETTY",
    "Shutterstock",
    "SHUTTERSTOCK",
    "iStockphoto",
    "iStock",
    "Alamy Stock Photo",
    "Alamy",
    "WireImage",
    "FilmMagic",
    "NurPhoto",
    "ZUMA Press",
    "SOPA Images",
    "Rex Features",
    "EPA-EFE",
    "EPA",
)
# Wire services in datelines, bylines and bare agency credits ("WASHINGTON (Reuters) -"), as a
# regex alternation (matched case-insensitively by NL150).
DATELINE_AGENCIES = (
    r"AP|Associated Press|Reuters|AFP|Agence France-Presse|dpa|DPA|Bloomberg|UPI|Xinhua|PTI|IANS|ANI|EFE|ANSA"
    r"|Kyodo|Yonhap|TASS|CNN|BBC|CNA|AAP|PA|Sputnik|RIA Novosti|Interfax|Anadolu|Bernama|KUNA|WAM|MENA"
    # Full names, as credit lines spell them ("The Canadian Press", "Press Trust of India").
    r"|(?:The )?Canadian Press|Press Trust of India|Indo-Asian News Service|Asian News International"
    r"|United Press International|Australian Associated Press|(?:The )?Press Association|Kyodo News"
)
# Wire services that sign off a story after its last sentence: "... into the US. PTI", "(AP)"
# (a regex alternation, case significant).
SIGNOFF_AGENCIES = (
    r"PTI|IANS|ANI|UNI|AFP|AP|Reuters|REUTERS|dpa|EFE|ANSA|Xinhua|WAM|SPA|Bernama|AA|TASS|"
    r"Yonhap|Kyodo|AAP|CNA|APA|Lusa|Agencia Brasil"
)
