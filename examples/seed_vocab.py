"""Word lists for the synthetic records of the worked example (nothing here is a citation).

Journal names are real venues so the records look like real exports; the articles
attributed to them in the synthetic records do not exist.
"""

from __future__ import annotations

# (full name, MEDLINE abbreviation or "" when the venue is not in MEDLINE, publisher)
JOURNALS: tuple[tuple[str, str, str], ...] = (
    ("Computers in Biology and Medicine", "Comput Biol Med", "Elsevier"),
    ("Medical Image Analysis", "Med Image Anal", "Elsevier"),
    ("IEEE Transactions on Medical Imaging", "IEEE Trans Med Imaging", "IEEE"),
    ("Physics in Medicine and Biology", "Phys Med Biol", "IOP Publishing"),
    ("Frontiers in Physiology", "Front Physiol", "Frontiers Media SA"),
    ("Scientific Reports", "Sci Rep", "Nature Research"),
    ("Journal of Biomechanics", "J Biomech", "Elsevier"),
    ("Annals of Biomedical Engineering", "Ann Biomed Eng", "Springer"),
    ("npj Digital Medicine", "NPJ Digit Med", "Nature Research"),
    ("European Radiology", "Eur Radiol", "Springer"),
    ("Medical Physics", "Med Phys", "John Wiley and Sons"),
    ("Journal of Clinical Medicine", "J Clin Med", "MDPI"),
    ("Diagnostics", "Diagnostics (Basel)", "MDPI"),
    ("Bioengineering", "Bioengineering (Basel)", "MDPI"),
    ("Frontiers in Cardiovascular Medicine", "Front Cardiovasc Med", "Frontiers Media SA"),
    ("Biomechanics and Modeling in Mechanobiology", "Biomech Model Mechanobiol", "Springer"),
    ("Journal of Imaging Informatics in Medicine", "J Imaging Inform Med", "Springer"),
    ("Insights into Imaging", "Insights Imaging", "Springer"),
    ("Cancers", "Cancers (Basel)", "MDPI"),
    ("Radiotherapy and Oncology", "Radiother Oncol", "Elsevier"),
    ("European Heart Journal - Digital Health", "Eur Heart J Digit Health", "Oxford University Press"),
    ("Journal of Medical Internet Research", "J Med Internet Res", "JMIR Publications"),
    ("Digital Health", "Digit Health", "SAGE Publications"),
    ("Heliyon", "Heliyon", "Elsevier"),
    ("Journal of Personalized Medicine", "J Pers Med", "MDPI"),
    ("Frontiers in Oncology", "Front Oncol", "Frontiers Media SA"),
    ("Computer Methods and Programs in Biomedicine", "Comput Methods Programs Biomed", "Elsevier"),
    ("IEEE Journal of Biomedical and Health Informatics", "IEEE J Biomed Health Inform", "IEEE"),
    ("Journal of the Mechanical Behavior of Biomedical Materials", "J Mech Behav Biomed Mater", "Elsevier"),
    ("Magnetic Resonance in Medicine", "Magn Reson Med", "John Wiley and Sons"),
    ("IEEE Access", "", "IEEE"),
    ("Applied Sciences", "", "MDPI"),
    ("Biomedical Signal Processing and Control", "", "Elsevier"),
    ("Digital Twin", "", "F1000 Research"),
    ("Future Generation Computer Systems", "", "Elsevier"),
)

# Non-English venues for the three reports excluded as "not in English".
FOREIGN = (
    ("Sheng Wu Yi Xue Gong Cheng Xue Za Zhi", "Sheng Wu Yi Xue Gong Cheng Xue Za Zhi", "Chinese", "chi",
     "Editorial Office of Journal of Biomedical Engineering"),
    ("Radiologie", "Radiologie (Heidelb)", "German", "ger", "Springer Medizin"),
    ("Radiologia", "Radiologia (Engl Ed)", "Spanish", "spa", "Elsevier Doyma"),
)

SURNAMES = (  # noqa: SIM905
    "Abebe Acosta Adeyemi Ahmed Akhtar Alvarez Amini Andersen Antonelli Aoki Arslan Bakker "
    "Balogun Barros Becker Bellini Berg Bianchi Bose Brandt Brennan Caldwell Carvalho Castillo "
    "Chandra Chatterjee Chen Cho Conti Costa Cruz Dahl Das Demirci Dias Dubois Ebrahimi Eriksson "
    "Esposito Farahani Fernandes Ferreira Fischer Fujita Gallo Garcia Ghosh Gomez Gonzalez Greco "
    "Gupta Haddad Hansen Hartmann Hashemi Hoang Hoffmann Horvat Huang Hussain Ibrahim Inoue "
    "Ivanova Jansen Jensen Jimenez Johansson Kaur Khalil Khan Kobayashi Kowalski Kruger Kumar "
    "Lambert Larsen Laurent Lee Lehmann Leone Lopez Lund Mahmoud Marino Martin Matsumoto Mehta "
    "Meyer Mohammadi Molina Moreau Moretti Morris Murphy Nakamura Navarro Nguyen Nielsen Novak "
    "Okafor Olsen Oliveira Ortega Ozturk Park Patel Pereira Petrov Popescu Quinn Rahman Ramos "
    "Rao Reyes Ricci Rossi Russo Saito Santos Sato Schmidt Schneider Sharma Silva Singh Sokolov "
    "Sousa Suzuki Takahashi Tanaka Torres Tran Vargas Varga Vogel Wagner Walsh Watanabe Weber "
    "Wong Xu Yamamoto Yang Yilmaz Yoon Zhang Zhao Zhou Zimmermann"
).split()

INITIALS = "ABCDEFGHJKLMNOPRSTVWYZ"

ORGANS = (
    "left atrium", "aortic valve", "coronary arteries", "carotid bifurcation", "abdominal aorta",
    "pulmonary circulation", "liver", "pancreas", "kidney", "prostate", "breast", "brain",
    "knee joint", "lumbar spine", "hip joint", "mandible", "lungs", "colon", "thyroid", "heart",
    "cerebral aneurysms", "femur", "bladder", "oropharynx", "glioblastoma", "rectum",
    "cervical spine", "shoulder", "ankle", "placenta", "right ventricle", "mitral valve",
    "intracranial arteries", "head and neck", "pelvic floor", "tibia", "aortic arch",
    "fetal heart", "trachea", "oesophagus", "spleen", "temporomandibular joint",
)
MODALITIES = (
    "cardiac MRI", "CT angiography", "4D flow MRI", "low-dose CT", "cone-beam CT", "PET/CT",
    "diffusion MRI", "3D ultrasound", "contrast-enhanced CT", "multiparametric MRI",
    "dynamic contrast-enhanced MRI", "fluoroscopy", "optical coherence tomography", "SPECT",
    "biplanar radiographs", "photon-counting CT", "MR elastography", "4D CT", "functional MRI",
    "intravascular ultrasound", "late gadolinium enhancement MRI", "quantitative CT",
)
METHODS = (
    "physics-informed neural networks", "finite element analysis", "computational fluid dynamics",
    "Gaussian process emulators", "graph neural networks", "reduced-order models",
    "Bayesian calibration", "deep generative models", "statistical shape models",
    "reinforcement learning", "diffusion models", "transformer networks", "data assimilation",
    "Kalman filtering", "U-Net segmentation", "isogeometric analysis", "lattice Boltzmann simulation",
    "agent-based models", "mechanistic tumour growth models", "neural implicit representations",
    "fluid-structure interaction", "polynomial chaos expansion", "active shape models",
    "multiscale electrophysiology models",
)
PURPOSES = (
    "treatment planning", "surgical planning", "risk stratification", "response prediction",
    "adaptive radiotherapy", "device sizing", "ablation targeting", "disease progression forecasting",
    "intraoperative guidance", "rehabilitation monitoring", "implant design", "dose optimisation",
    "stent selection", "fracture risk assessment", "resection planning",
)
SPECIALTIES = (
    "cardiology", "oncology", "radiology", "orthopaedics", "neurosurgery", "urology",
    "hepatology", "pulmonology", "radiation oncology", "dentistry", "vascular surgery",
    "obstetrics", "interventional radiology", "nuclear medicine", "paediatric cardiology",
)
CONDITIONS = (
    "type 1 diabetes", "sepsis", "hypertension", "chronic kidney disease", "asthma", "heart failure",
    "Parkinson's disease", "obesity", "atrial fibrillation", "chronic obstructive pulmonary disease",
    "rheumatoid arthritis", "depression", "COVID-19", "frailty", "epilepsy",
)
NONIMAGING_DATA = (
    "wearable sensor data", "electronic health records", "continuous glucose monitoring",
    "genomic profiles", "smartwatch electrocardiograms", "pharmacokinetic data",
    "intensive care monitoring streams", "patient-reported outcomes", "blood biomarkers",
    "speech recordings", "gait sensors", "home blood pressure readings", "claims data",
    "multi-omics data", "ventilator waveforms",
)
INDUSTRY = (
    "wind turbine blades", "additively manufactured lattices", "aircraft composite panels",
    "concrete bridge decks", "lithium-ion battery cells", "cast aluminium engine blocks",
    "archaeological wooden artefacts", "rock cores for reservoir modelling", "timber beams",
    "welded steel joints", "fruit during cold storage", "soil aggregates", "museum sculptures",
    "printed circuit boards", "rail track ballast", "gas turbine blades", "carbon fibre pressure vessels",
    "asphalt pavement cores", "3D-printed titanium brackets", "dental milling machines",
    "injection-moulded polymer parts", "masonry arches", "pipeline girth welds", "coffee beans",
    "ceramic cores for investment casting", "tree trunks", "meteorite fragments", "sandstone monuments",
    "solid oxide fuel cells", "ship hull plates",
)
KEYWORDS = (
    "Digital twin", "Medical imaging", "Patient-specific modelling", "Deep learning",
    "Finite element analysis", "Computational fluid dynamics", "Precision medicine",
    "Segmentation", "Magnetic resonance imaging", "Computed tomography", "Simulation",
    "Virtual patient", "In silico trials", "Machine learning", "Uncertainty quantification",
)
