"""Generated press releases for the benchmarks: realistic in shape, French and English, deterministic.

Each release is built from word lists (organisations, towns, people, rivers, streets, figures) and
paragraph templates: a title, a dateline ("LYON, 14 March 2024 –" / "Lyon, le 14 mars 2024 –"),
paragraphs with figures, names and quotes, an "About" paragraph and a contact line. Release `i` depends
only on (seed, i), so the first 1,000 releases of a 10,000 corpus are the 1,000-release corpus.

Every release also carries the facts it states (signatures, spokesperson, chair, volunteers, cost,
founding year), from which `questions()` builds questions whose answer is known.

    python -m bench.corpus_gen OUT N [--seed S]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# Bump when the generated text changes, so a kept bench folder is not reused for another corpus.
GENERATOR_VERSION = 2

# ---------------------------------------------------------------- word lists


def _w(words: str, *more: str) -> tuple[str, ...]:
    return (*words.split(), *more)


CITIES_FR = _w(
    "Lyon Grenoble Nantes Rennes Lille Bordeaux Toulouse Montpellier Strasbourg Dijon Besançon Limoges "
    "Poitiers Angers Tours Rouen Caen Brest Metz Nancy Reims Amiens Orléans Avignon Nîmes Perpignan Pau "
    "Bayonne Annecy Chambéry Valence Quimper Lorient Vannes Niort Albi Rodez Tarbes Colmar Mulhouse Troyes "
    "Auxerre Nevers Bourges Blois Chartres Évreux Cherbourg Laval Agen Périgueux Cahors Gap Digne Mâcon",
    "Clermont-Ferrand",
    "Saint-Étienne",
    "Le Mans",
    "La Rochelle",
    "Aix-en-Provence",
    "Saint-Brieuc",
)
CITIES_EN = _w(
    "Leeds Bristol Manchester Sheffield Cardiff Glasgow Edinburgh Belfast Norwich Exeter Plymouth York Hull "
    "Derby Leicester Coventry Brighton Swansea Aberdeen Dundee Bath Oxford Cambridge Reading Luton Preston "
    "Bolton Wigan Stockport Salford Carlisle Lancaster Durham Gloucester Worcester Hereford Lincoln Ipswich "
    "Colchester Southampton Portsmouth Bournemouth Wrexham Newport Inverness Stirling Perth Derry Truro",
    "Milton Keynes",
    "Stoke-on-Trent",
    "Newcastle upon Tyne",
    "St Albans",
)
TOWN_HEAD_FR = _w("Or Lan Ver Mon Cha Bel Roc Val Beau Mar Sau Pré Fon Cler Aur Bru Gar Sen Vil Cour Lor Mor")
TOWN_TAIL_FR = _w("meval zac dun ville court mont lieu gny sac tignac bourg ières ac verne lès-Bains illac ange")
TOWN_HEAD_EN = _w("Brad Ash Thorn Wex Castle Fen Mill Stan Hol Red Bram Kings Hart Elm Oak Lin Cal Dun Mar Bex")
TOWN_TAIL_EN = _w("ley ford wick ton bury field ham mere bridge combe worth stead by reach gate thorpe wood")
RIVERS_FR = _w("Orvanne Lisère Drôme Sarthe Vienne Dordogne Loue Doubs Ardèche Cère Vézère Sèvre Aveyron Orne")
RIVERS_EN = _w("Wye Avon Ouse Tamar Calder Aire Derwent Lune Teme Kennet Frome Wear Tees Usk Dart Exe")
FIRST_FR = _w(
    "Léa Inès Camille Sylvie Agathe Claire Nadia Élise Manon Sophie Julie Hélène Amina Chloé Margaux Yasmine "
    "Benoît Julien Karim Olivier Thomas Mathieu Rachid Antoine Nicolas Hugo Lucas Bruno Pierre Yann Malik "
    "Gaëlle Solène Maëlle Océane Françoise Mireille Didier Gérard Laurent Cédric Théo Nathan Sami Anouk"
)
FEMALE_FR = frozenset(
    _w(
        "Léa Inès Camille Sylvie Agathe Claire Nadia Élise Manon Sophie Julie Hélène Amina Chloé Margaux Yasmine "
        "Gaëlle Solène Maëlle Océane Françoise Mireille Anouk"
    )
)
LAST_FR = _w(
    "Fontanel Rouvière Marcadet Mazeau Carrère Delorme Garnier Lefèvre Moreau Girard Lambert Bonnet Dupuis "
    "Roux Faure Blanchard Chevalier Perrin Morel Fournier Masson Barbier Mercier Boyer Lemoine Renaud Picard "
    "Gauthier Vasseur Aubert Brunel Carpentier Dumas Leclerc Guérin Marchand Rolland Texier Vidal Boucher "
    "Ferrand Jacquet Laurent Poulain Tessier Baudry Cordier Hamon Lebrun Maillard Pasquier Royer Schmitt"
)
FIRST_EN = _w(
    "Shirin Femi Alice Rachel Priya Hannah Grace Aisha Megan Chloe Fiona Joanna Nadia Zara Eleanor Bethan "
    "David James Tom Daniel Owen Rhys Callum Imran Marcus Patrick Liam Kwame Sean Gareth Neil Arjun Oliver "
    "Siobhan Niamh Catriona Morag Ewan Hamish Dylan Ravi Tariq Joseph Kieran Ruth Martha Isla"
)
LAST_EN = _w(
    "Malik Adeyinka Hughes Patel Okafor Evans Thompson Walsh Murphy Campbell Robertson Khan Davies Jenkins "
    "Morgan Price Clarke Fletcher Harding Lloyd Bennett Shaw Hussain Nolan Quinn Whitfield Ashworth Baxter "
    "Carver Dunmore Ellison Forsyth Gallagher Holloway Ingram Kerr McLeod Mensah Pritchard Rowntree Sinclair "
    "Tennant Underwood Varley Winslow Yates Ahmed Boateng Chowdhury Donnelly Osei Fraser Mackay Reid Stewart"
)
COMPANY_HEAD = _w("Poly Halv Cern Dura Vex Arc Nord Sud Ter Axi Bor Calv Duro Fler Grav Ortho Pell Quar")
COMPANY_TAIL_FR = ["drome Granulés", "plast SAS", "chem Industries", "mat Béton", "pack France", "tex Groupe"]
COMPANY_TAIL_EN = ["drome Plastics", "chem Ltd", "ford Aggregates", "pack Holdings", "tex Group", "mere Energy"]

# (kind, gender, elided) for French organisation names; gender drives le/la and agreement.
ORG_KINDS_FR = (
    ("Collectif", "m", False),
    ("Association", "f", True),
    ("Réseau", "m", False),
    ("Fédération", "f", False),
    ("Union", "f", True),
    ("Comité", "m", False),
    ("Coalition", "f", False),
    ("Coopérative", "f", False),
    ("Observatoire", "m", True),
    ("Alliance", "f", True),
    ("Mouvement", "m", False),
    ("Ligue", "f", False),
)
ORG_CAUSE_FR = (
    "Rivière Vive",
    "Air Pur",
    "des Usagers du Rail",
    "des Locataires",
    "Terres Communes",
    "Solidarité Logement",
    "des Parents d'Élèves",
    "Énergie Citoyenne",
    "Forêts Vivantes",
    "Vélo en Ville",
    "Santé pour Tous",
    "Lire Partout",
    "Eau Claire",
    "Quartiers Solidaires",
    "Bocage Vivant",
    "Mobilités Douces",
)
ORG_KINDS_EN = (
    "Campaign",
    "Alliance",
    "Network",
    "Tenants' Union",
    "Trust",
    "Society",
    "Coalition",
    "Action Group",
    "Residents' Association",
    "Foundation",
    "Forum",
    "Collective",
)
ORG_CAUSE_EN = (
    "Clean Air",
    "River Watch",
    "Rail Users",
    "Fair Housing",
    "Green Streets",
    "Community Energy",
    "Food Justice",
    "Cycling",
    "Libraries",
    "Save Our Hospital",
    "Parents for Safe Schools",
    "Wild Hedgerows",
    "Open Spaces",
)


@dataclass(frozen=True)
class Topic:
    issue: str  # what the release is about
    demand: str  # what the organisation asks for
    problem: str
    affected: str  # the people concerned (plural noun)
    sites: str  # what volunteers surveyed (plural noun)
    work: str  # what the cost estimate is for
    target: str  # the institution the campaign addresses


TOPICS_EN = (
    Topic(
        "the planned closure of the {town1}–{town2} rail line",
        "keep the line open with an hourly service",
        "cancelled trains",
        "daily passengers",
        "stations",
        "upgrading the signalling",
        "the regional transport authority",
    ),
    Topic(
        "plastic pellet pollution in the River {river}",
        "an enforcement notice forcing {company} to stop its losses",
        "pellets on the riverbanks",
        "anglers and families",
        "sampling sites",
        "cleaning the worst-hit banks",
        "the Environment Agency",
    ),
    Topic(
        "damp and mould on the {estate} estate",
        "a full retrofit of the estate's tower blocks",
        "damp or mould",
        "households",
        "flats",
        "the retrofit",
        "{town1} Housing Group",
    ),
    Topic(
        "air pollution outside {town1} Primary School",
        "a school street and a low-traffic zone",
        "nitrogen dioxide above the legal limit",
        "pupils",
        "monitoring points",
        "the school street scheme",
        "{city} City Council",
    ),
    Topic(
        "the closure of the maternity unit at {town1} Hospital",
        "a moratorium on the closure",
        "longer journeys for expectant mothers",
        "families",
        "clinics",
        "keeping the unit open for two years",
        "the {town2} NHS Trust",
    ),
    Topic(
        "cuts to opening hours at {town1} library",
        "the restoration of full opening hours",
        "shorter hours",
        "readers",
        "branches",
        "restoring the hours",
        "{city} City Council",
    ),
    Topic(
        "the felling of street trees on {street}",
        "a pause on the felling and an independent survey",
        "the loss of mature trees",
        "residents",
        "streets",
        "replanting and maintenance",
        "{city} City Council",
    ),
    Topic(
        "a community solar scheme on the roofs of {town1} schools",
        "a 25-year lease of the school roofs",
        "rising energy bills",
        "households",
        "roofs",
        "the first 40 installations",
        "the county council",
    ),
    Topic(
        "rising demand at the {town1} food bank",
        "an emergency hardship fund",
        "food insecurity",
        "families",
        "distribution points",
        "the hardship fund",
        "{city} City Council",
    ),
    Topic(
        "a protected cycle lane on {street}",
        "a segregated lane before the end of {year_next}",
        "collisions involving cyclists",
        "cyclists",
        "junctions",
        "the segregated lane",
        "{city} City Council",
    ),
)
TOPICS_FR = (
    Topic(
        "la fermeture annoncée de la ligne ferroviaire {town1}–{town2}",
        "le maintien de la ligne avec un train par heure",
        "les trains supprimés",
        "usagers quotidiens",
        "gares",
        "la modernisation de la signalisation",
        "la région",
    ),
    Topic(
        "la pollution de la {river} par les granulés plastiques",
        "un arrêté imposant à {company} de cesser ses rejets",
        "des granulés sur les berges",
        "pêcheurs et familles",
        "sites de prélèvement",
        "le nettoyage des berges",
        "la préfecture",
    ),
    Topic(
        "l'humidité et les moisissures dans la résidence {estate}",
        "la rénovation complète des trois tours",
        "de l'humidité ou des moisissures",
        "ménages",
        "logements",
        "la rénovation thermique",
        "la direction de {company}",
    ),
    Topic(
        "la pollution de l'air devant l'école {estate}",
        "une rue scolaire et une zone à trafic apaisé",
        "des concentrations de dioxyde d'azote au-dessus des seuils",
        "élèves",
        "points de mesure",
        "l'aménagement de la rue scolaire",
        "la mairie de {city}",
    ),
    Topic(
        "la fermeture de la maternité de l'hôpital de {town1}",
        "un moratoire sur la fermeture",
        "des trajets plus longs pour les futures mères",
        "familles",
        "centres de santé",
        "le maintien du service pendant deux ans",
        "l'agence régionale de santé",
    ),
    Topic(
        "la réduction des horaires de la médiathèque de {town1}",
        "le retour aux horaires complets",
        "des horaires réduits",
        "lecteurs",
        "annexes",
        "le retour aux horaires",
        "la mairie de {city}",
    ),
    Topic(
        "l'abattage des platanes de l'{street}",
        "un moratoire sur l'abattage et une expertise indépendante",
        "la disparition d'arbres centenaires",
        "riverains",
        "rues",
        "la replantation et l'entretien",
        "la métropole de {city}",
    ),
    Topic(
        "un projet de centrale solaire citoyenne sur les toits des écoles de {town1}",
        "un bail de 25 ans sur les toitures",
        "la hausse des factures d'énergie",
        "foyers",
        "toitures",
        "les 40 premières installations",
        "la communauté de communes de {town1}",
    ),
    Topic(
        "l'explosion de la demande à l'épicerie solidaire de {town1}",
        "un fonds d'urgence",
        "la précarité alimentaire",
        "familles",
        "points de distribution",
        "le fonds d'urgence",
        "la mairie de {city}",
    ),
    Topic(
        "une piste cyclable protégée sur l'{street}",
        "une piste séparée avant la fin de {year_next}",
        "les accidents impliquant des cyclistes",
        "cyclistes",
        "carrefours",
        "la piste séparée",
        "la métropole de {city}",
    ),
)

MONTHS_EN = _w("January February March April May June July August September October November December")
MONTHS_FR = _w("janvier février mars avril mai juin juillet août septembre octobre novembre décembre")
ROLES_EN = ("chair", "coordinator", "treasurer", "campaigns officer", "secretary")
EXPERT_ROLES_EN = (
    "a hydrologist at the University of {city2}",
    "a retired environmental health officer",
    "a transport planner",
    "a GP in {town2}",
    "a researcher at {city2} University",
)
EXPERT_ROLES_FR = (
    "hydrologue à l'université de {city2}",
    "médecin généraliste à {town2}",
    "chercheuse au CNRS à {city2}",
    "ingénieur retraité",
    "urbaniste à {city2}",
)
OFFICIALS_EN = (
    "the cabinet member for environment",
    "the chief executive",
    "the director of operations",
    "the head of policy",
)
OFFICIALS_FR = (
    "secrétaire générale de la préfecture",
    "vice-présidente chargée des transports",
    "adjoint au maire chargé de l'environnement",
    "directrice générale des services",
)
VENUES_EN = ("{town1} Community Centre", "the Old Library, {street}", "St Mary's Church Hall", "{city} Guildhall")
VENUES_FR = (
    "la salle des fêtes de {town1}",
    "la maison des associations de {city}",
    "la salle Jean-Moulin",
    "la médiathèque de {town2}",
)


# ---------------------------------------------------------------- templates
# Each release: title, dateline lead, the four fact paragraphs (signatures, volunteers, spokesperson quote,
# cost), two to four more from the extra pool, the chair's quote, the About paragraph and a contact line.

TITLES_EN = (
    "{sig} people sign petition over {issue}",
    "{org} calls for {demand}",
    "Survey finds {pct}% of {affected} hit by {problem}",
    "Petition on {issue} handed to {target}",
    "{org} publishes new figures on {issue}",
)
TITLES_FR = (
    "Pétition : {sig} signatures contre {issue}",
    "{Le_org} demande {demand}",
    "Enquête : {pct} % des {affected} touchés par {problem}",
    "{issue_cap} : la pétition remise à {target}",
    "{Le_org} publie de nouveaux chiffres sur {issue}",
)
LEADS_EN = (
    "{DATELINE} – {org} today handed a petition signed by {sig} people to {official}, {official_role} at {target}, "
    "calling for {demand}. The campaign was launched in {month_prev} after months of complaints about {problem}.",
    "{DATELINE} – {org} has published the results of a survey showing that {pct}% of {affected} in {city} are "
    "affected by {problem}, up from {pct_prev}% a year ago. It is calling on {target} to act on {issue}.",
    "{DATELINE} – Campaigners from {org} gathered outside the offices of {target} this morning to demand action "
    "on {issue}. Their petition has now been signed by {sig} people.",
)
LEADS_FR = (
    "{DATELINE} – {Le_org} a remis aujourd'hui une pétition signée par {sig} personnes à {official}, "
    "{official_role}, pour demander {demand}. La mobilisation a commencé en {month_prev} après des mois de "
    "plaintes concernant {problem}.",
    "{DATELINE} – {Le_org} publie les résultats d'une enquête selon laquelle {pct} % des {affected} de {city} "
    "sont concernés par {problem}, contre {pct_prev} % l'an dernier. {Pron} interpelle {target} sur {issue}.",
    "{DATELINE} – Les militants {du_org} se sont rassemblés ce matin devant les locaux de {target} pour "
    "dénoncer {issue}. Leur pétition a déjà recueilli {sig} signatures.",
)
SIGNATURES_EN = (
    "The petition, launched on {d1} {month_prev}, had been signed by {sig} people by this morning, well above "
    "the {goal} signatures the campaign had aimed for. Signatories came from {n_towns} towns and villages, "
    "including {town1} and {town2}.",
    "In total, {sig} people signed the petition of {org}, online and on paper at markets in {town1} and "
    "{town2}. The campaign says this is the largest petition on {issue} ever presented to {target}.",
)
SIGNATURES_FR = (
    "Lancée le {d1} {month_prev}, la pétition {du_org} a été signée par {sig} personnes, bien au-delà de "
    "l'objectif de {goal} signatures. Les signataires viennent de {n_towns} communes, dont {town1} et {town2}.",
    "Au total, {sig} personnes ont signé la pétition {du_org}, en ligne et sur papier sur les marchés de "
    "{town1} et de {town2}. C'est, selon {le_org}, la plus importante pétition jamais adressée à {target}.",
)
VOLUNTEERS_EN = (
    "Between {d1} and {d2} {month}, {vol} volunteers from {org} visited {sites_done} {sites} across {city} and "
    "recorded {problem} at {sites_hit} of them. Every case was photographed and logged with its location.",
    "The survey was carried out by {vol} volunteers, who spent {weeks} weeks collecting evidence at "
    "{sites_done} {sites}. They found {problem} at {sites_hit} of them, a rate of {pct}%.",
)
VOLUNTEERS_FR = (
    "Entre le {d1} et le {d2} {month}, {vol} bénévoles {du_org} ont visité {sites_done} {sites} dans "
    "l'agglomération de {city} et relevé {problem} sur {sites_hit} d'entre eux. Chaque cas a été photographié "
    "et localisé.",
    "L'enquête a été menée par {vol} bénévoles, qui ont consacré {weeks} semaines à réunir des preuves sur "
    "{sites_done} {sites}. Ils ont constaté {problem} sur {sites_hit} d'entre eux, soit {pct} %.",
)
SPOKES_EN = (
    "“{sig} people have signed in {months} months. That is a clear message: {affected} in {city} will not "
    "accept {problem} any longer,” said {spokes}, spokesperson for {org}. “We expect {target} to act before "
    "{month_next}.”",
    "“For years each family was told its problem was a one-off. Now we have the numbers, and they tell a "
    "different story,” said {spokes}, spokesperson for {org}. “{target_cap} has the evidence; now it needs "
    "a plan.”",
)
SPOKES_FR = (
    "« {sig} personnes ont signé en {months} mois. C'est un message clair : les {affected} de {city} "
    "n'acceptent plus {problem} », déclare {spokes}, porte-parole {du_org}. « Nous attendons de {target} "
    "qu'elle agisse avant {month_next}. »",
    "« Pendant des années, on nous a répondu que chaque cas était isolé. Aujourd'hui, nous avons les chiffres, "
    "et ils racontent une autre histoire », explique {spokes}, porte-parole {du_org}.",
)
COST_EN = (
    "{org} estimates the cost of {work} at £{amount}, a sum it says is small compared with the cost of "
    "doing nothing. It has asked {target} to publish its own figures by {d2} {month_next}.",
    "According to figures compiled by {org}, {work} would cost £{amount}. “That is less than {target} spent "
    "on consultants last year,” the campaign notes.",
)
COST_FR = (
    "{Le_org} évalue le coût de {work} à {amount} €, une somme modeste au regard du coût de l'inaction. "
    "{Pron} demande à {target} de publier ses propres chiffres d'ici au {d2} {month_next}.",
    "Selon les calculs {du_org}, {work} coûterait {amount} €. « C'est moins que ce que {target} a dépensé "
    "en études l'an dernier », souligne {le_org}.",
)
CHAIR_EN = (
    "“This is not about blame. It is about {demand}, and about doing it this year,” said {president}, chair "
    "of {org}, who has lived in {town1} for {years} years.",
    "{president}, who chairs {org}, added: “We will keep going until {target} commits to {demand}. "
    "{affected_cap} deserve nothing less.”",
)
CHAIR_FR = (
    "« Il ne s'agit pas de désigner des coupables, mais d'obtenir {demand}, et cette année », insiste "
    "{president}, président{e_pres} {du_org}, qui vit à {town1} depuis {years} ans.",
    "{president}, président{e_pres} {du_org}, ajoute : « Nous continuerons tant que {target} ne se sera pas "
    "engagée sur {demand}. Les {affected} ne méritent pas moins. »",
)
EXTRAS_EN = (
    "According to the campaign's figures, {pct}% of {affected} who responded said the situation had got worse "
    "since {year_prev}, and {pct2}% said they had complained at least twice without a reply.",
    "“What we measured is consistent with what residents describe,” said {expert}, {expert_role}, who "
    "reviewed the method. “The pattern is clear at {sites_hit} of the {sites_done} {sites}.”",
    "In a written reply dated {d1} {month}, {target_cap} said it was “reviewing the situation” and would "
    "report to its committee in {month_next}. {org} says that is not enough.",
    "{councils} local councillors and {groups} community groups have now backed the campaign, against "
    "{councils_prev} in {month_prev}.",
    "A public meeting will be held at {venue} on {d2} {month_next} at {hour} pm. Everyone is welcome, and "
    "representatives of {target} have been invited.",
    "The petition remains open at www.{slug}.example.org until {target} responds. Paper copies are available "
    "at shops in {town1} and {town2}.",
    "The problem is not new: a report commissioned in {year_old} already found {problem} in {city}, but its "
    "{n_recs} recommendations were never implemented, the campaign says.",
    "Residents of {town2} say the situation is worse there. One mother of {kids} told volunteers she had "
    "reported {problem} {times} times since {year_prev}.",
)
EXTRAS_FR = (
    "Selon les chiffres de la campagne, {pct} % des {affected} interrogés estiment que la situation s'est "
    "dégradée depuis {year_prev}, et {pct2} % disent s'être plaints au moins deux fois sans réponse.",
    "« Ce que nous avons mesuré correspond à ce que décrivent les habitants », observe {expert}, "
    "{expert_role}, qui a relu la méthode. « Le constat est net sur {sites_hit} des {sites_done} {sites}. »",
    "Dans une réponse écrite datée du {d1} {month}, {target} indique « étudier la situation » et promet un "
    "point d'étape en {month_next}. Une réponse jugée insuffisante par {le_org}.",
    "{councils} élus locaux et {groups} associations soutiennent désormais la démarche, contre "
    "{councils_prev} en {month_prev}.",
    "Une réunion publique aura lieu à {venue} le {d2} {month_next} à {hour} heures. Elle est ouverte à tous, "
    "et des représentants de {target} y sont invités.",
    "La pétition reste ouverte sur www.{slug}.example.org jusqu'à la réponse de {target}. Des exemplaires "
    "papier sont disponibles chez les commerçants de {town1} et de {town2}.",
    "Le problème n'est pas nouveau : une étude commandée en {year_old} relevait déjà {problem} à {city}, "
    "mais ses {n_recs} recommandations n'ont jamais été appliquées, rappelle {le_org}.",
    "À {town2}, la situation serait pire encore. Une mère de {kids} enfants a confié aux bénévoles avoir "
    "signalé {problem} {times} fois depuis {year_prev}.",
)
ABOUT_EN = (
    "About {org}\n{org} is a community organisation founded in {founded} in {city}. It brings together "
    "{members} members and {groups} local groups working to tackle {problem}. It is run by volunteers and "
    "funded by its members.",
)
ABOUT_FR = (
    "À propos {du_org}\n{Le_org} est {un} {kind_lower} fondé{e} en {founded} à {city}. {Pron} rassemble "
    "{members} adhérents et {groups} associations locales engagés contre {problem}. {Pron} est animé{e} par "
    "des bénévoles et financé{e} par ses adhérents.",
)
CONTACT_EN = ("Media contact: {contact}, {email}, {phone_en}", "Press enquiries: {contact} – {email} – {phone_en}")
CONTACT_FR = ("Contact presse : {contact} – {email} – {phone_fr}", "Contact : {contact}, {email}, {phone_fr}")
BANNERS_EN = ("PRESS RELEASE", "FOR IMMEDIATE RELEASE", "NEWS RELEASE", "")
BANNERS_FR = ("COMMUNIQUÉ DE PRESSE", "Communiqué de presse – Pour diffusion immédiate", "COMMUNIQUÉ", "")

QUESTIONS_EN = {
    "signatures": ("How many people signed the petition of {org}?", "How many signatures did {org}'s petition get?"),
    "spokesperson": ("Who is the spokesperson for {org}?", "Which spokesperson spoke for {org}?"),
    "chair": ("Who chairs {org}?", "Who is the chair of {org}?"),
    "volunteers": ("How many volunteers took part in {org}'s survey?",),
    "cost": ("How much does {org} say {work} would cost?",),
    "founded": ("What year was {org} founded?",),
}
QUESTIONS_FR = {
    "signatures": (
        "Combien de personnes ont signé la pétition {du_org} ?",
        "Combien de signatures a recueilli la pétition {du_org} ?",
    ),
    "spokesperson": ("Qui est le porte-parole {du_org} ?",),
    "chair": ("Qui est président{e_pres} {du_org} ?", "Qui préside {le_org} ?"),
    "volunteers": ("Combien de bénévoles ont participé à l'enquête {du_org} ?",),
    "cost": ("Quel est le coût de {work} selon {le_org} ?",),
    "founded": ("En quelle année {le_org} a-t-{pron} été fondé{e} ?",),
}


@dataclass(frozen=True)
class GeneratedRelease:
    index: int
    name: str  # file name
    language: str
    text: str
    organisation: str
    facts: dict[str, str] = field(default_factory=dict)  # kind -> expected answer
    slots: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    text: str
    kind: str
    expected: str
    release: str  # file name of the release that holds the answer


def _fill(template: str, slots: dict[str, str]) -> str:
    # Templates name their slots {like_this}; a missing slot is a KeyError, so a typo fails loudly.
    return template.format_map(slots)


_FR_CONTRACTION = re.compile(r"\b(?:(de le|à le|de les|à les) |([dD]e|[qQ]ue) (?=[AEIOUÉÈÂÎÔaeiouéèâîô]))")
_FR_CONTRACTED = {"de le": "du ", "à le": "au ", "de les": "des ", "à les": "aux "}


def _contract(match: re.Match[str]) -> str:
    if match.group(1):
        return _FR_CONTRACTED[match.group(1)]
    return match.group(2)[:-1] + "'"  # "de" -> "d'", "que" -> "qu'"


def _french(text: str) -> str:
    """Contractions the templates cannot know in advance: "de le fonds" -> "du fonds", "de Annecy" -> "d'Annecy"."""
    return _FR_CONTRACTION.sub(_contract, text)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _town(rng: random.Random, fr: bool) -> str:
    if fr:
        name = rng.choice(TOWN_HEAD_FR) + rng.choice(TOWN_TAIL_FR)
        return f"Saint-{name}" if rng.random() < 0.15 else name
    return rng.choice(TOWN_HEAD_EN) + rng.choice(TOWN_TAIL_EN)


def _person(rng: random.Random, fr: bool) -> tuple[str, bool]:
    first = rng.choice(FIRST_FR if fr else FIRST_EN)
    last = rng.choice(LAST_FR if fr else LAST_EN)
    return f"{first} {last}", first in FEMALE_FR


def _number(n: int, fr: bool, rng: random.Random) -> str:
    if n < 1000:
        return str(n)
    text = f"{n:,}"
    return text.replace(",", rng.choice(("\u00a0", "\u202f", " "))) if fr else text


def make_release(index: int, seed: int = 0) -> GeneratedRelease:
    """Release number `index` of the corpus for `seed`; independent of how many releases are generated."""
    rng = random.Random(seed * 1_000_003 + index)
    fr = rng.random() < 0.55
    topic = rng.choice(TOPICS_FR if fr else TOPICS_EN)
    year = rng.randint(2019, 2025)
    month_i = rng.randrange(12)
    months = MONTHS_FR if fr else MONTHS_EN
    city = rng.choice(CITIES_FR if fr else CITIES_EN)
    town1, town2 = _town(rng, fr), _town(rng, fr)
    spokes, _ = _person(rng, fr)
    president, pres_female = _person(rng, fr)
    official, _ = _person(rng, fr)
    expert, _ = _person(rng, fr)
    contact, _ = _person(rng, fr)
    company = rng.choice(COMPANY_HEAD) + rng.choice(COMPANY_TAIL_FR if fr else COMPANY_TAIL_EN)
    signatures = rng.choice((rng.randint(300, 4_000), rng.randint(4_000, 60_000), rng.randint(60_000, 250_000)))
    volunteers = rng.randint(8, 240)
    amount = rng.randint(15, 9_000) * 1_000
    founded = rng.randint(1975, year - 1)
    sites_done = rng.randint(12, 400)
    base: dict[str, str] = {
        "city": city,
        "city2": rng.choice(CITIES_FR if fr else CITIES_EN),
        "town1": town1,
        "town2": town2,
        "river": rng.choice(RIVERS_FR if fr else RIVERS_EN),
        "company": company,
        "year_next": str(year + 1),
        "estate": rng.choice(("Les Tilleuls", "Les Glycines", "Jean-Jaurès", "Le Parc", "Les Hauts de " + town2))
        if fr
        else f"{rng.choice(('Fennick', 'Aldous', 'Linden', 'Carrow', town2))} Park",
        "street": (
            f"{rng.choice(('avenue', 'allée'))} {rng.choice(LAST_FR)}"
            if fr
            else f"{rng.choice(LAST_EN)} {rng.choice(('Road', 'Street', 'Lane', 'Avenue'))}"
        ),
    }
    if fr:
        kind, gender, elided = rng.choice(ORG_KINDS_FR)
        place = city if rng.random() < 0.5 else town1
        org = f"{kind} {rng.choice(ORG_CAUSE_FR)} {'d’' if place[0] in 'AEIOUÉÈÂÎÔ' else 'de '}{place}"
        article = "l'" if elided else ("le " if gender == "m" else "la ")
        de = "de l'" if elided else ("du " if gender == "m" else "de la ")
        fem = gender == "f"
        org_slots = {
            "org": org,
            "le_org": article + org,
            "Le_org": _cap(article) + org,
            "du_org": de + org,
            "Pron": "Elle" if fem else "Il",
            "pron": "elle" if fem else "il",
            "e": "e" if fem else "",
            "un": "une" if fem else "un",
            "kind_lower": kind.lower(),
        }
    else:
        cause = rng.choice(ORG_CAUSE_EN)
        place = city if rng.random() < 0.5 else town1
        org = f"{place} {cause} {rng.choice(ORG_KINDS_EN)}" if rng.random() < 0.7 else f"{cause} {place}"
        org_slots = {"org": org}
    slots = {**base, **org_slots}
    topic_text = {
        name: _fill(getattr(topic, name), slots)
        for name in ("issue", "demand", "problem", "affected", "sites", "work", "target")
    }
    slots.update(topic_text)
    ascii_org = unicodedata.normalize("NFKD", org.lower()).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_org).strip("-")[:40].strip("-") or "org"
    day = rng.randint(1, 28)
    d1, d2 = sorted(rng.sample(range(1, 29), 2))
    if fr:
        dateline = f"{city}, le {'1er' if day == 1 else day} {months[month_i]} {year}"
    elif rng.random() < 0.2:
        dateline = f"{city.upper()}, {months[month_i]} {day}, {year}"
    else:
        dateline = f"{city.upper()}, {day} {months[month_i]} {year}"
    sites_hit = rng.randint(max(1, sites_done // 4), sites_done)
    councils = rng.randint(4, 60)
    slots.update(
        {
            "DATELINE": dateline,
            "month": months[month_i],
            "month_prev": months[(month_i - rng.randint(2, 8)) % 12],
            "month_next": months[(month_i + rng.randint(1, 4)) % 12],
            "year_prev": str(year - rng.randint(1, 4)),
            "year_old": str(year - rng.randint(5, 15)),
            "d1": str(d1),
            "d2": str(d2),
            "sig": _number(signatures, fr, rng),
            "goal": _number(int(round(signatures * rng.uniform(0.3, 0.9), -2)) or 100, fr, rng),
            "vol": str(volunteers),
            "amount": _number(amount, fr, rng),
            "founded": str(founded),
            "members": _number(rng.randint(40, 12_000), fr, rng),
            "groups": str(rng.randint(3, 40)),
            "pct": str(rng.randint(12, 88)),
            "pct_prev": str(rng.randint(5, 60)),
            "pct2": str(rng.randint(10, 70)),
            "sites_done": str(sites_done),
            "sites_hit": str(sites_hit),
            "weeks": str(rng.randint(2, 14)),
            "months": str(rng.randint(2, 11)),
            "n_towns": str(rng.randint(5, 90)),
            "years": str(rng.randint(4, 40)),
            "councils": str(councils),
            "councils_prev": str(rng.randint(1, councils)),
            "kids": str(rng.randint(2, 5)),
            "times": str(rng.randint(3, 15)),
            "n_recs": str(rng.randint(5, 30)),
            "hour": str(rng.randint(6, 8)),
            "spokes": spokes,
            "president": president,
            "e_pres": "e" if pres_female else "",
            "official": official,
            "official_role": rng.choice(OFFICIALS_FR if fr else OFFICIALS_EN),
            "expert": expert,
            "expert_role": _fill(rng.choice(EXPERT_ROLES_FR if fr else EXPERT_ROLES_EN), slots),
            "venue": _fill(rng.choice(VENUES_FR if fr else VENUES_EN), slots),
            "slug": slug,
            "contact": contact,
            "email": f"{rng.choice(('presse', 'contact', 'medias')) if fr else rng.choice(('press', 'media', 'info'))}"
            f"@{slug}.example.org",
            "phone_fr": f"+33 {rng.randint(1, 7)} {' '.join(f'{rng.randint(0, 99):02d}' for _ in range(4))}",
            "phone_en": f"07700 {rng.randint(900000, 900999)}",
            "issue_cap": _cap(topic_text["issue"]),
            "target_cap": _cap(topic_text["target"]),
            "affected_cap": _cap(topic_text["affected"]),
        }
    )

    pick = rng.choice
    extras = rng.sample(EXTRAS_FR if fr else EXTRAS_EN, rng.randint(3, 5))
    body = [
        pick(LEADS_FR if fr else LEADS_EN),
        pick(SIGNATURES_FR if fr else SIGNATURES_EN),
        pick(VOLUNTEERS_FR if fr else VOLUNTEERS_EN),
        pick(SPOKES_FR if fr else SPOKES_EN),
        *extras[:1],
        pick(COST_FR if fr else COST_EN),
        *extras[1:],
        pick(CHAIR_FR if fr else CHAIR_EN),
    ]
    banner = pick(BANNERS_FR if fr else BANNERS_EN)
    title = _cap(_fill(pick(TITLES_FR if fr else TITLES_EN), slots))
    parts = [banner] if banner else []
    parts += [title, *(_fill(p, slots) for p in body)]
    parts += ["FIN" if fr else "ENDS"] if rng.random() < 0.5 else []
    parts += [_fill(pick(ABOUT_FR if fr else ABOUT_EN), slots), _fill(pick(CONTACT_FR if fr else CONTACT_EN), slots)]
    text = "\n\n".join(parts) + "\n"
    if fr:
        text = _french(text)

    iso = f"{year}-{month_i + 1:02d}-{day:02d}"
    name = f"{index:05d}_CP_{iso}_{slug}.txt" if fr else f"{index:05d}_press-release_{iso}_{slug}.txt"
    facts = {
        "signatures": str(signatures),
        "spokesperson": spokes,
        "chair": president,
        "volunteers": str(volunteers),
        "cost": str(amount),
        "founded": str(founded),
    }
    return GeneratedRelease(index, name, "fr" if fr else "en", text, org, facts, slots)


def releases(n: int, seed: int = 0, start: int = 0) -> Iterator[GeneratedRelease]:
    for i in range(start, start + n):
        yield make_release(i, seed)


def generate(folder: Path, n: int, seed: int = 0, start: int = 0) -> None:
    """Write n generated press releases (.txt, UTF-8) into folder: numbers start to start + n - 1."""
    folder.mkdir(parents=True, exist_ok=True)
    for release in releases(n, seed, start):
        (folder / release.name).write_text(release.text, encoding="utf-8")


def questions(n_releases: int, n_questions: int, seed: int = 0) -> list[Question]:
    """n_questions about the releases of the corpus (n_releases, seed), each with its known answer.

    Mostly in the release's language; about one in six is asked in the other language.
    """
    rng = random.Random(f"questions:{seed}:{n_releases}")
    out: list[Question] = []
    for _ in range(n_questions):
        release = make_release(rng.randrange(n_releases), seed)
        kind = rng.choice(sorted(release.facts))
        lang = release.language
        if kind != "cost" and rng.random() < 1 / 6:  # the cost question quotes the release's own words
            lang = "en" if lang == "fr" else "fr"
        if lang == "fr" and release.language == "en":
            slots = {
                **release.slots,
                "du_org": "de " + release.organisation,
                "le_org": release.organisation,
                "pron": "il",
                "e": "",
                "e_pres": "",
            }
        else:
            slots = release.slots
        template = rng.choice((QUESTIONS_FR if lang == "fr" else QUESTIONS_EN)[kind])
        text = _fill(template, slots)
        out.append(Question(_french(text) if lang == "fr" else text, kind, release.facts[kind], release.name))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus_gen", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the releases into")
    parser.add_argument("n", type=int, help="how many releases")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    generate(args.out, args.n, args.seed)
    seconds = time.perf_counter() - started
    print(f"wrote {args.n} releases to {args.out} in {seconds:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
