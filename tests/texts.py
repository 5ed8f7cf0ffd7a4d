"""Invented news text shared by the tests (no third-party text)."""

SOURCE = [
    "Heavy rain flooded the basement of the Glenmoor public library on Sunday night, "
    "ruining about four thousand books and several old maps.",
    "Staff arrived on Monday morning to find brown water reaching the lower shelves of the local history room.",
    "The town council has closed the building for at least three weeks while engineers inspect the wiring "
    "and dry the walls.",
    "Volunteers from the rowing club carried soaked boxes up the stairs and laid the pages out on tables "
    "in the sports hall.",
    "Residents have been asked to return borrowed books to the mobile van parked outside the post office "
    "on Kettle Street.",
    "The library had asked for money to repair its drains twice in the last five years, according to "
    "minutes of council meetings.",
    "A fundraising page set up by the friends of the library had collected more than six hundred pounds "
    "by Tuesday evening.",
    "Engineers expect the reading room on the first floor to reopen before the summer holidays begin in July.",
]

#: SOURCE with words swapped for synonyms in every sentence; names and numbers kept.
SPUN = [
    "Torrential rain inundated the cellar of the Glenmoor public library on Sunday evening, "
    "destroying roughly four thousand volumes and numerous old maps.",
    "Employees came on Monday morning to discover muddy water touching the bottom shelves of the local history room.",
    "The town council has shut the premises for no less than three weeks while technicians examine the cabling "
    "and dry the walls.",
    "Helpers from the rowing club hauled drenched boxes up the steps and spread the pages out on tables "
    "in the sports hall.",
    "Inhabitants have been requested to bring back borrowed books to the mobile van stationed outside the "
    "post office on Kettle Street.",
    "The library had requested funds to fix its drains twice in the previous five years, according to "
    "minutes of council sessions.",
    "A fundraising page created by the friends of the library had gathered over six hundred pounds "
    "by Tuesday evening.",
    "Technicians anticipate the reading room on the first floor to reopen ahead of the summer holidays "
    "starting in July.",
]

#: SPUN with three sentences spun so hard that they share almost no content word with
#: SOURCE's (a spinner's worst), each still in its place and of its length.
HARD_SPUN = list(SPUN)
HARD_SPUN[1] = ("Workers turned up on Monday dawn to uncover murky liquid touching the bottom racks of the regional "
                "heritage chamber.")
HARD_SPUN[4] = ("Inhabitants have been urged to give back loaned volumes to the travelling vehicle positioned beyond "
                "the mail depot on Kettle Street.")
HARD_SPUN[6] = ("A donation webpage created by the supporters of the lending institution had amassed over six "
                "hundred quid by Tuesday night.")

#: SOURCE through a paraphrasing tool: each sentence in its place and of its length,
#: many of its words kept or swapped as a spinner would, but its clauses moved about.
PARAPHRASE = [
    "On Sunday night the cellar of the Glenmoor public library was flooded by heavy rain, and roughly "
    "four thousand books and several old maps were ruined.",
    "Brown water was touching the lower shelves of the local history room when employees arrived on Monday morning.",
    "While engineers examine the wiring and dry the walls, the building has been shut by the town council "
    "for at least three weeks.",
    "Soaked boxes were hauled up the stairs by helpers from the rowing club, who spread the pages out on tables "
    "in the sports hall.",
    "The mobile van stationed outside the post office on Kettle Street is where inhabitants have been asked "
    "to return borrowed books.",
    "According to minutes of council sessions, twice in the previous five years the library had requested "
    "money to fix its drains.",
    "By Tuesday evening over six hundred pounds had been gathered on a fundraising page created by the "
    "friends of the library.",
    "Before the summer holidays start in July, the reading room on the first floor is expected by technicians "
    "to reopen.",
]

#: The facts retold in other words, in the source's order, credited, with context of its own.
REWRITE = [
    "Thousands of books were ruined when Sunday's downpour left the Glenmoor library basement flooded, "
    "with old maps among the losses.",
    "By Monday the brown water had climbed to the lower shelves of the history room, staff found, "
    "the Glenmoor Gazette reported.",
    "Council engineers must check the wiring and dry out the walls, so the building stays shut for three weeks "
    "at least.",
    "Members of the rowing club came to help, carrying soaked boxes upstairs to the sports hall where pages "
    "were laid on tables.",
    "Borrowed books can go back to a mobile van near the Kettle Street post office.",
    "Flooding has become a familiar problem in the valley since the river defences were last upgraded "
    "in the nineteen nineties.",
    "Other towns along the river have also counted damage to schools and shops after the storm.",
    "Forecasters expect more rain over the coming fortnight.",
]

UNRELATED = [
    "The annual cheese fair in Dunwick drew a record crowd of visitors to the market square over the weekend.",
    "Stallholders sold smoked goat cheese, blue wheels and crumbly farmhouse rounds from dawn until late afternoon.",
    "A brass band played marches near the fountain while children queued for pony rides beside the church.",
    "Organisers said next year's fair would move to the showground because the square had become too crowded.",
]

#: Words of SOURCE from the middle of its second sentence to the middle of its fourth:
#: a passage cut where a copier chose, not at sentence boundaries.
CUT_PASSAGE = ("brown water reaching the lower shelves of the local history room. "
               "The town council has closed the building for at least three weeks while engineers inspect the "
               "wiring and dry the walls. Volunteers from the rowing club carried soaked boxes up the stairs")

#: Bond notices of six issuers in one wire formula, each followed by a paragraph on its
#: issuer. Harrowgate's, Penwick's and Marrack's carry the usual fees and denominations,
#: word for word; the others fill the formula in with other ones.
_NOTICE = ("{co} is issuing a {amt} mln dlr bond due {year} paying {rate} pct and priced at {price}, lead manager "
           "{bank} said. The selling concession is {f1} pct while management and underwriting combined pays {f2} pct. "
           "The bonds come in denominations of {den} dlrs each and pay interest once a year until they mature.")
NOTICES = {
    "harrowgate": _NOTICE.format(co="Harrowgate Mills Ltd", amt=75, year=1992, rate="8-1/2", price="101-1/4",
                                 bank="Tollbridge Capital Markets", f1="1-1/2", f2="3/4", den="5,000")
    + "\n\nHarrowgate Mills makes paper sacks and cardboard boxes at four plants in the north of the country. "
    "It said the money would pay for a new pulping line at its largest plant, which employs 900 people. "
    "Demand for its boxes rose sharply over the winter as more shoppers ordered goods to their homes.",
    "penwick": _NOTICE.format(co="Penwick Ferry Corp", amt=40, year=1994, rate="9-3/8", price="100-7/8",
                              bank="Quaymoor Securities", f1="1-1/2", f2="3/4", den="5,000")
    + "\n\nPenwick Ferry runs eleven ships between the islands and the mainland ports all year round. "
    "Its chairman told shareholders last month that two of the oldest vessels would be sold this summer. "
    "Bookings for the holiday season were already ahead of last year by the end of March, it added.",
    "quaymoor": _NOTICE.format(co="Quaymoor Foods Plc", amt=60, year=1993, rate="7-3/4", price="100-1/2",
                               bank="Saltash Bank", f1="1-1/4", f2="5/8", den="1,000")
    + "\n\nQuaymoor Foods bakes bread and pies for supermarkets from two bakeries on the coast. "
    "The company has been buying smaller bakers since it was floated on the stock market in 1984.",
    "tolvane": _NOTICE.format(co="Tolvane Instruments Inc", amt=25, year=1997, rate="10", price="101",
                              bank="Kernow Trust", f1="2", f2="one", den="10,000")
    + "\n\nTolvane Instruments builds weather stations and tide gauges for harbour authorities abroad. "
    "Orders from ports in the south doubled last year, the company reported in its annual accounts.",
    "marrack": _NOTICE.format(co="Marrack Water Co", amt=50, year=1995, rate="8-7/8", price="100-3/4",
                              bank="Tollbridge Capital Markets", f1="1-1/2", f2="3/4", den="5,000")
    + "\n\nMarrack Water supplies three market towns and the farms around them from two reservoirs. "
    "Its engineers have spent the last two years replacing cast iron mains laid before the war.",
    "elvan": _NOTICE.format(co="Elvan Motor Works", amt=30, year=1996, rate="9", price="100-1/4",
                            bank="Saltash Bank", f1="1-3/8", f2="1/2", den="2,000")
    + "\n\nElvan Motor Works assembles delivery vans and small buses in a former aircraft hangar. "
    "It hired two hundred workers in the spring after winning an order from the postal service.",
}
#: Harrowgate's notice again when the terms were fixed: the same issue, its coupon and price new.
NOTICE_FINAL_TERMS = _NOTICE.format(co="Harrowgate Mills Ltd", amt=75, year=1992, rate="8-3/8", price="101-1/2",
                                    bank="Tollbridge Capital Markets", f1="1-1/2", f2="3/4", den="5,000")

#: Two refiners' crude price postings, written by two reporters from one frame: the
#: opening line filled in for each refiner, the grades line in other words around the
#: same grades, and Tamsworth's own paragraphs on the market.
POSTING_HARLOW = (
    "Harlow Refining said it raised the contract price it will pay for all grades of heavy crude oil 40 cts a "
    "barrel, effective today.\n\n"
    "The increase brings Harlow's posted price for the Kestrel Basin Light and Kestrel Basin Sour grades to 21.40 "
    "dlrs a barrel.\n\n"
    "Harlow last changed its crude postings on May 2, when it cut them 25 cts.")
POSTING_TAMSWORTH = (
    "Tamsworth Oil of Ohio said it raised the contract price it will pay for all grades of heavy crude oil 40 cts a "
    "barrel, effective today.\n\n"
    "It brings Tamsworth's posted price for the Kestrel Basin Light and Kestrel Basin Sour grades to 21.40 dlrs a "
    "bbl.\n\n"
    "Tamsworth said the move follows a week of rising spot prices on the coast, where refiners have been bidding "
    "for prompt cargoes since the pipeline outage.\n\n"
    "Traders expect other refiners to follow before the weekend, and Harlow Refining already raised its postings "
    "earlier in the day.\n\n"
    "The company last raised its postings three weeks ago, before the storage reports showed stocks falling for a "
    "second month.")

#: One invented story in several languages: BRIDGE_EN, its German translation (every
#: sentence), a French brief translating its first sentences, a Spanish report of the
#: same closure written on its own, and an unrelated German report from the same city.
BRIDGE_EN = [
    "Orbis Rail suspended all trains across the Varnholm bridge in Valdren on Tuesday after inspectors found "
    "cracks in two of its steel supports.",
    "About 1,850 passengers a day use the 320-metre crossing between Valdren and the port of Eskeby.",
    "Chief engineer Marta Kowalski said the cracks were discovered during a routine check on Monday night.",
    "Replacement buses will run every 15 minutes between Valdren Central and Eskeby Harbour until further notice.",
    "The regional transport authority estimates that repairs will cost at least 14.5 million euros.",
    "The bridge was opened in 1962 and last renovated in 2009, when its deck was replaced.",
    "Kowalski said the company would publish the full inspection report on Friday.",
    "Shop owners in the harbour district warned that a long closure would hurt the summer tourist season.",
    "Mayor Henrik Solberg called an emergency meeting of the city council for Thursday.",
]
BRIDGE_DE = [
    "Orbis Rail hat am Dienstag den gesamten Zugverkehr über die Varnholm-Brücke in Valdren eingestellt, "
    "nachdem Prüfer Risse in zwei ihrer Stahlstützen entdeckt hatten.",
    "Rund 1.850 Fahrgäste nutzen täglich die 320 Meter lange Verbindung zwischen Valdren und dem Hafen von Eskeby.",
    "Chefingenieurin Marta Kowalski sagte, die Risse seien bei einer routinemäßigen Kontrolle in der Nacht "
    "zum Dienstag entdeckt worden.",
    "Bis auf Weiteres verkehren alle 15 Minuten Ersatzbusse zwischen Valdren Central und Eskeby Harbour.",
    "Die regionale Verkehrsbehörde schätzt, dass die Reparatur mindestens 14,5 Millionen Euro kosten wird.",
    "Die Brücke wurde 1962 eröffnet und zuletzt 2009 saniert, als ihre Fahrbahn erneuert wurde.",
    "Kowalski kündigte an, das Unternehmen werde den vollständigen Prüfbericht am Freitag veröffentlichen.",
    "Geschäftsleute im Hafenviertel warnten, eine lange Sperrung würde der sommerlichen Tourismussaison schaden.",
    "Bürgermeister Henrik Solberg berief für Donnerstag eine Dringlichkeitssitzung des Stadtrats ein.",
]
BRIDGE_FR_BRIEF = [
    "Orbis Rail a suspendu mardi tous les trains sur le pont de Varnholm, à Valdren, après que des inspecteurs "
    "ont découvert des fissures dans deux de ses piliers en acier.",
    "Environ 1850 voyageurs empruntent chaque jour cet ouvrage de 320 mètres entre Valdren et le port d'Eskeby.",
    "L'ingénieure en chef Marta Kowalski a indiqué que les fissures avaient été repérées lors d'un contrôle "
    "de routine lundi soir.",
    "Des bus de remplacement circuleront toutes les 15 minutes entre Valdren Central et Eskeby Harbour "
    "jusqu'à nouvel ordre.",
]
BRIDGE_ES_OWN_REPORT = [
    "Los trenes entre Valdren y Eskeby no circulan desde el martes y nadie sabe cuándo volverán.",
    "La empresa Orbis Rail cerró el puente de Varnholm tras detectar grietas, pero el sindicato de maquinistas "
    "asegura que los problemas se conocían desde hace meses.",
    "En la estación central, los viajeros se quejaban de largas colas para subir a los autobuses.",
    "El alcalde Henrik Solberg exigió explicaciones a la compañía y pidió un calendario de obras.",
    "Según el sindicato, la empresa aplazó tres veces una revisión completa de la estructura por falta de dinero.",
    "Un portavoz de Orbis Rail respondió que la seguridad de los pasajeros siempre ha sido su prioridad.",
]
VALDREN_SPORT_DE = [
    "Der FC Valdren hat am Samstag das Pokalspiel gegen Nordhavn vor 4.200 Zuschauern mit drei zu eins gewonnen.",
    "Trainerin Ingrid Lauer lobte nach dem Spiel vor allem die Abwehr ihrer jungen Mannschaft.",
    "Im Viertelfinale trifft der Verein im März auf den Titelverteidiger aus Brekke.",
    "Die Karten für das Heimspiel sollen ab Montag im Vereinsheim verkauft werden.",
]

#: The bundled example's original (coastal-herald-original, harbour-fire) translated
#: into German, paragraph by paragraph, as a news site would publish it.
HARBOUR_FIRE_DE = [
    "Ein Feuer hat in der Nacht ein Kühlhaus für Meeresfrüchte am North Quay von Port Carrow verwüstet; "
    "30 Häuser mussten geräumt werden, und zwei dort vertäute Fischerboote wurden beschädigt.",
    "Die Einsatzkräfte wurden am Freitag gegen 23.40 Uhr zum Gebäude von Kellan & Daughters gerufen, auf dem "
    "Höhepunkt des Brandes waren mehr als 40 Feuerwehrleute mit acht Löschfahrzeugen vor Ort.",
    "Die Flammen waren auf der anderen Seite der Bucht zu sehen, und Anwohner der Quay Terrace sprachen von "
    "einer Wand aus orangefarbenem Licht über dem Wasser, als das Dach des Gebäudes kurz nach Mitternacht einstürzte.",
    "Zwei Besatzungsmitglieder, die an Bord des Trawlers Morning Wren geschlafen hatten, wurden von "
    "Hafenmitarbeitern geweckt und an Land gebracht, bevor das Feuer das Steuerhaus des Schiffes erreichte.",
    "Die Leiterin der Feuerwehr, Marian Tolley vom Carrowshire Fire and Rescue Service, sagte, die Kühlanlage "
    "im Inneren des Lagers habe den Einsatz weit gefährlicher gemacht.",
    "„Wir hatten Ammoniaktanks auf dem Gelände, ein Holzdach und starken Wind vom Meer, das ist so ziemlich die "
    "schlimmste Kombination, die man sich vorstellen kann“, sagte sie. „Meine Leute haben hervorragende Arbeit "
    "geleistet und das Feuer auf ein Gebäude begrenzt.“",
    "Ein Feuerwehrmann wurde vor Ort wegen Hitzeerschöpfung behandelt. Sonst wurde niemand verletzt.",
    "Ronan Pascoe, der gegenüber dem Kai das Anchor Café betreibt, sagte, er sei vom Knall platzender "
    "Gasflaschen geweckt worden.",
    "„Es war wie ein Feuerwerk, ein Knall nach dem anderen“, sagte er. „Als ich unten ankam, stand das ganze "
    "Ende des Gebäudes in Flammen, und der Rauch zog über die Straße.“",
    "Die Polizei sperrte die Quay Road und die Harbour Street die ganze Nacht, und die Familien aus den 30 "
    "nächstgelegenen Häusern verbrachten die Nacht in der Seafarers' Hall, wo Freiwillige Decken und Tee verteilten.",
    "Die meisten durften bis 5 Uhr zurück nach Hause, doch die Feuerwehr bittet die Bewohner der Unterstadt, "
    "Fenster und Türen geschlossen zu halten, während die Nachlöscharbeiten laufen.",
    "Auch der Krabbenkutter Sally Ann, der neben der Morning Wren lag, wurde angesengt; Hafenmitarbeiter "
    "schleppten beide Schiffe mit einem Arbeitsboot ins offene Wasser.",
    "Bürgermeister Gareth Linwood, der in den frühen Morgenstunden die Seafarers' Hall besuchte, sagte, die "
    "Stadt werde hinter dem Betrieb und seinen 22 Beschäftigten stehen.",
    "„Kellan's ist seit drei Generationen an diesem Kai, und dies ist ein harter Morgen für alle, die vom Hafen "
    "leben“, sagte er. „Der Stadtrat wird alles tun, um ihnen wieder auf die Beine zu helfen.“",
    "Die Brandursache ist noch unbekannt. Eine gemeinsame Untersuchung von Feuerwehr und Carrowshire Police "
    "soll beginnen, sobald das Gebäude sicher betreten werden kann.",
    "Der North Quay bleibt nach Angaben des Hafenamts mindestens bis Montag für die Öffentlichkeit gesperrt.",
]
