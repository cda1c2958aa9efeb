"""An English-French glossary of the words campaign press releases and their readers use.

Supporters ask in English about French releases and the reverse. The multilingual embedding model
(e5-small) ranks the answering sentence low across languages, and stems and shared prefixes only match
cognates ("pétition"/"petition"), not "lawyer"/"avocate" or "signed"/"signataires". No offline
translation model ships in a PyPI package without downloading weights at run time, so keyword search and
sentence scoring translate the question's words with this list instead. It is domain vocabulary
(campaigns, petitions, funds, councils, audits, data, schools, health, environment, labour), not a
general dictionary: add a line when a question word has no match in the other language.

Each line is `english words | french words`; every word on one side translates every word on the other.
"""

from __future__ import annotations

GLOSSARY = """
petition, petitions, petitioner | pétition, pétitions, pétitionnaire
sign, signed, signing, signature, signatures, signatory, signatories | signer, signé, signée, signature, signatures, signataire, signataires
hand, handed, handover, deliver, delivered, submit, submitted | remise, remettre, remis, déposer, déposé, déposée, transmis
collect, collected, gather, gathered, raise, raised | recueillir, recueilli, recueillies, recueilli, collecter, collecté, rassembler, rassemblé, réunir, réuni
receive, received, recipient | reçu, reçue, recevoir, réceptionné
campaign, campaigns, campaigner, campaigners | campagne, campagnes, militant, militants, militante
coalition | coalition
collective | collectif
group, groups | groupe, groupes, collectif
organisation, organization, association, charity | organisation, association
alliance | alliance
member, members, membership | membre, membres, adhérent, adhérents, affiliés
supporter, supporters | soutien, soutiens, sympathisants
volunteer, volunteers | bénévole, bénévoles
spokesperson, spokesman, spokeswoman | porte-parole
lawyer, lawyers, attorney, counsel, solicitor, barrister | avocat, avocate, avocats, maître, conseil
represent, representing, represents, representative | représenter, représente, représentant, représentante
complaint, complaints | plainte, plaintes, recours
complainant, complainants, plaintiff, plaintiffs | plaignant, plaignante, plaignants, requérant, requérants
court, tribunal, judge | tribunal, cour, juge
lawsuit, case, proceedings | procès, procédure, action, affaire
file, filed, lodge, lodged | déposer, déposé, déposée, introduire
regulator, authority, watchdog | régulateur, autorité, commission
privacy, personal | vie privée, personnelles, personnel
council, councils | conseil, conseils, mairie, municipalité
councillor, councillors, councilor, official, officials, elected | élu, élue, élus, conseiller, conseillère, conseillers
mayor | maire
cabinet | cabinet, exécutif
government, minister, ministry | gouvernement, ministre, ministère
board, trustees, directors | conseil, administrateurs, administration
chair, chairman, chairwoman, president | président, présidente
director, head, manager | directeur, directrice, responsable, dirigeant
chief, executive, ceo | directeur, général, pdg, dirigeant
coordinator, coordinate, coordinated, coordinating | coordinateur, coordinatrice, coordonner, coordonné, coordonnée, coordination
lead, led, leader, leading | mener, mené, menée, diriger, dirigé, dirigée, conduire, conduite, tête
delegation | délégation
meeting, meetings | réunion, réunions, séance, assemblée
vote, voted, votes, ballot | vote, voté, votes, voix, scrutin
motion, resolution | motion, résolution
decide, decided, decision | décider, décidé, décision
approve, approved, approval, adopt, adopted | approuver, approuvé, adopter, adopté, adoptée, validé
reject, rejected, refuse, refused | rejeter, rejeté, refuser, refusé
announce, announced, announcement | annoncer, annoncé, annonce
pledge, pledged, promise, promised, commit, committed, commitment | promettre, promis, engagement, engager, engagé
demand, demands, call, calls, calling, urge | demander, demande, réclamer, réclame, appel, exiger, exige
ask, asked | demander, demandé
want, wants, wanted, seek, seeks, sought, aim, aims | veut, veulent, voulons, vouloir, souhaite, souhaitent, réclame, exige, vise, demandant
stop, stopped, cease, end, ended | cesser, cesse, arrêter, arrête, mettre fin
launch, launched | lancer, lancé, lancée, lancement
publish, published, publication, release, released | publier, publié, publiée, publication, communiqué
report, reports, reported | rapport, rapports, signalé, déclaré
press | presse
statement | déclaration, communiqué
investigation, investigate, investigated, inquiry | enquête, enquêter, investigation
reveal, revealed, revelation, revelations, disclose, disclosed | révéler, révèle, révélé, révélation, révélations
audit, audits, audited, auditor | audit, audits, audité, audités, auditeur, vérification
analysis, analyse, analyst, analysts | analyse, analyste, analystes
financial, finance, finances | financier, financière, finance, finances
research, researcher, researchers, study | recherche, chercheur, chercheuse, chercheurs, étude
expert, experts | expert, experte, experts
survey | enquête, sondage, questionnaire
test, tests, tested, testing | test, tests, testé, testés, essai
laboratory, lab | laboratoire, labo
evidence, proof | preuve, preuves, éléments
fund, funds, funding | fonds, financement, financer
pension, pensions, retirement | retraite, retraites, pension
retired, retiree, pensioner | retraité, retraitée, retraités
stake, holding, holdings, shareholding, position | participation, participations, détient, détenue, détention, position
share, shares, stock, equity | action, actions, part, titres
bond, bonds | obligation, obligations
asset, assets, portfolio | actif, actifs, patrimoine, portefeuille
invest, invested, investment, investments, investor, investors | investir, investi, investissement, investissements, investisseur
divest, divestment, divested, sell, sold, sale | désinvestir, désinvestissement, céder, cédé, vendre, vendu, vente, cession
exclude, excluded, exclusion, drop, dropped | exclure, exclu, exclue, exclusion, retirer
buy, bought, purchase, purchased, acquire, acquired | acheter, acheté, achat, acquérir, acquis
pay, paid, payment, cost, costs, price | payer, payé, payée, paiement, coût, coûts, prix
million, millions | million, millions
billion, billions | milliard, milliards
thousand, thousands | mille, milliers
share, proportion, percentage, percent | part, proportion, pourcentage, pour cent
total, overall | total, totale, ensemble
value, worth | valeur, vaut
budget | budget
capital | capital, investissement
money, amount, sum | argent, montant, somme
tax, taxes, taxpayer | impôt, impôts, taxe, taxes, contribuable
rise, rises, increase, increased, grow, grew | hausse, augmenter, augmenté, augmentation, croître
fall, fell, decrease, decreased, cut, cuts | baisse, baisser, diminuer, diminué, réduction, coupe
weapon, weapons, arms | arme, armes, armement
maker, manufacturer | fabricant, constructeur
company, companies, firm, business | entreprise, entreprises, société, sociétés, firme
broker, brokers | courtier, courtiers
data | données
location, locations, geolocation | localisation, géolocalisation, position
point, points | point, points
timestamp, timestamped | horodaté, horodatés, horodatage
device, devices, phone, phones | appareil, appareils, téléphone, téléphones, terminal
app, apps, application, applications | application, applications, appli
user, users | utilisateur, utilisateurs, usager, usagers
sample, dataset | échantillon, jeu
track, tracked, tracking | suivre, suivi, pistage, traçage
share, shared, sharing | partager, partagé, partage
send, sent, sending | envoyer, envoyé, envoient, envoi, transmettre
clinic, clinics | clinique, cliniques
hospital, hospitals | hôpital, hôpitaux, hospitalier, hospitaliers
health, healthcare | santé, soins
nurse, nurses, nursing | infirmier, infirmière, infirmiers, infirmières
intensive, care | réanimation, soins intensifs
doctor, doctors, physician | médecin, médecins, docteur
patient, patients | patient, patients
worker, workers, staff, employee, employees | travailleur, travailleurs, salarié, salariés, personnel, agent, agents
union, unions, trade | syndicat, syndicats, syndical
job, occupation, profession, work, works | métier, profession, emploi, travail, travaille
school, schools | école, écoles, établissement, établissements, scolaire, scolaires
spring, summer, autumn, winter, season | printemps, estival, automne, hiver, saison
spend, spent, spending, expenditure | dépenser, dépensé, dépense, dépenses
run, running, operate, operated, service, services | circuler, circuleront, circulent, desservir, service, services
primary | primaire, élémentaire
pupil, pupils, student, students, child, children, kid, kids | élève, élèves, enfant, enfants
parent, parents, family, families | parent, parents, famille, familles
teacher, teachers | enseignant, enseignants, professeur
meal, meals, lunch, lunches, dinner, dinners, canteen | repas, cantine, déjeuner, restauration
free | gratuit, gratuite, gratuits, gratuites
universal | universel, universelle, tous
kitchen, kitchens | cuisine, cuisines
cook, cooks, chef | cuisinier, cuisiniers, cuisinière
refit, refitted, renovate, renovated, renovation, build, built | rénover, rénové, rénovation, construire, construit, réaménagé
pilot, trial | expérimentation, pilote, essai
plan, plans, project | plan, projet, projets
programme, program | programme
policy, policies | politique, politiques, mesure
law, bill, act, legislation | loi, projet de loi, législation
rule, rules, regulation | règle, règles, règlement, réglementation
ban, banned, prohibit | interdire, interdit, interdiction
protest, protests, demonstration, rally, march | manifestation, rassemblement, marche, mobilisation
strike, strikes | grève, grèves
city, town, borough | ville, commune, municipalité, arrondissement
region, regional | région, régional, régionale
national, country | national, nationale, pays
environment, environmental, climate | environnement, environnemental, climat, climatique
pollution, polluted | pollution, pollué
water | eau
air | air
energy, power | énergie
housing, home, homes, rent, tenants | logement, logements, loyer, locataires
transport, bus, train | transport, bus, train
station, stations, stop, stops | gare, gares, halte, haltes, arrêt, arrêts
step-free, accessible, accessibility, wheelchair, disabled | plain-pied, accessible, accessibilité, fauteuil, handicapées, handicap
passenger, passengers, traveller, travellers, traveler, travelers, rider, riders | voyageur, voyageurs, passager, passagers, usagers
line, railway, rail | ligne, ferroviaire, voie
return, round, trips | allers-retours, aller-retour, trajets
street, road | rue, route
people, person, persons, citizens, residents | personnes, personne, citoyens, habitants, résidents
women, woman | femmes, femme
men, man | hommes, homme
age, aged, old, years | âge, âgé, âgée, ans, années
year, years, annual, annually | année, années, an, ans, annuel, annuelle
month, months | mois
week, weeks | semaine, semaines
day, days, daily | jour, jours, quotidien
today | aujourd'hui
yesterday | hier
date, dated | date, daté
deadline | échéance, délai, date limite
since | depuis
before | avant
after | après
latest, recent, newest, current, currently | dernier, dernière, récent, récente, actuel, actuelle, actuellement
first, initial | premier, première, initial
previous, earlier, former | précédent, précédente, ancien, ancienne
new | nouveau, nouvelle, nouveaux
still | toujours, encore
number, count, figure, figures | nombre, chiffre, chiffres, décompte
how | comment
many, much | combien
who | qui
where | où
when | quand
why | pourquoi
name, named | nom, nommé
title | titre
result, results, outcome | résultat, résultats, issue
response, respond, responded, reply, replied | réponse, répondre, répondu
answer, answered | réponse, répondu
say, said, says, told | dit, déclaré, affirmé, indiqué, explique
quote, quoted | cité, citation
interview | entretien, interview
open, opened | ouvrir, ouvert, ouverture
close, closed, closure | fermer, fermé, fermeture
merge, merged | fusionner, fusionné
site, sites | site, sites
website, page | site, page
address | adresse
contact | contact
email | courriel, e-mail
phone, telephone | téléphone
web | web, internet
online | en ligne
social, media | réseaux, médias
journalist, journalists | journaliste, journalistes
deputy, vice | adjoint, adjointe, vice
secretary | secrétaire
treasurer | trésorier, trésorière
founder, founded | fondateur, fondatrice, fondé
partner, partners | partenaire, partenaires
sponsor | parrain, sponsor
donor, donation, donations | donateur, don, dons
grant, grants, subsidy | subvention, subventions
debt | dette
loss, losses | perte, pertes
profit, profits, revenue | bénéfice, bénéfices, chiffre d'affaires, revenus
salary, wages, pay | salaire, salaires, rémunération
price, prices | prix, tarif, tarifs
risk, risks | risque, risques
harm, damage | dommage, préjudice
safety, security | sécurité
victim, victims | victime, victimes
rights, right | droits, droit
freedom | liberté
justice | justice
police | police
prison | prison
violence | violence
war, conflict | guerre, conflit
peace | paix
ethical, ethics | éthique
responsible, responsibility | responsable, responsabilité
transparency, transparent | transparence, transparent
consent | consentement
sensitive | sensible, sensibles
sold, selling, resold | vendu, vendues, revendu, revendues
customer, customers, client, clients | client, clients
marketing | marketing, commercial
startup, start-up | jeune entreprise, start-up
funding, round, raised | levée, financement, levé
household, households, home, homes | foyer, foyers, ménage, ménages, logement, logements
contain, contained, contains, include, included, includes | contenir, contenait, contient, comprend, comprenait, inclut
file, dataset, database, records | fichier, fichiers, base, données, registre
took, part, take, participate, participated, participants, respondents | participer, participé, participants, répondants, répondu
damp, mould, mold | humidité, moisissure, moisissures
river, rivers, stream | rivière, rivières, fleuve, cours
prefecture, prefect | préfecture, préfet
outlet, outlets, discharge | rejet, rejets, exutoire, sortie
filter, filters, filtration | filtre, filtres, filtration
install, installed | installer, installé, installée
stormwater, rainwater | pluvial, pluviales, eaux pluviales
plastic, plastics, pellets | plastique, plastiques, granulés
factory, plant, site | usine, site
spill, spills, leak | déversement, fuite, rejet
"""


def pairs() -> list[tuple[list[str], list[str]]]:
    """(english words, french words) per line of the glossary."""
    out: list[tuple[list[str], list[str]]] = []
    for line in GLOSSARY.strip().splitlines():
        english, _, french = line.partition("|")
        out.append((_words(english), _words(french)))
    return out


def _words(side: str) -> list[str]:
    return [w for phrase in side.split(",") for w in phrase.strip().lower().split() if w]
