"""Hand-written arguments for every ground of the taxonomy, in several voices (pro se, staff note, counsel).

Written for these tests from the categories of LAW.md; none is taken from the labelled dev data. Each entry is
(text, disposition, ground, other grounds that are equally defensible).
"""

CR, CA, FC, OV = "compassionate_release", "collateral_attack", "foreclosed", "other_vehicle"

EXAMPLES: list[tuple[str, str, str, tuple[str, ...]]] = [
    # --- compassionate_release / medical -------------------------------------------------------------
    (
        "i got stage 4 colon cancer and the doctors here say maybe a year. i want to die at home with my family not in here",
        CR,
        "medical",
        (),
    ),
    (
        "Client was diagnosed with ALS last spring; he now uses a wheelchair and cannot dress or bathe without help.",
        CR,
        "medical",
        (),
    ),
    (
        "Mr. R. is on dialysis three times a week for end-stage renal disease and has lost 40 pounds.",
        CR,
        "medical",
        (),
    ),
    (
        "They keep canceling my heart surgery. I have congestive heart failure and the meds they give me dont work. Please let me go home so I can get treated.",
        CR,
        "medical",
        (),
    ),
    (
        "Defendant suffers from advanced dementia and can no longer provide self-care in the facility.",
        CR,
        "medical",
        (),
    ),
    (
        "im a diabetic and my sugar is out of control, my feet are going numb and medical wont send me to a specialist",
        CR,
        "medical",
        (),
    ),
    (
        "My client's multiple sclerosis has progressed and BOP has not provided the infusion treatment his neurologist ordered.",
        CR,
        "medical",
        (),
    ),
    (
        "I had a kidney transplant before I came in and I'm on immunosuppressants, so any infection could kill me.",
        CR,
        "medical",
        (),
    ),
    ("Our client is legally blind from untreated glaucoma.", CR, "medical", ()),
    (
        "I suffer from severe bipolar disorder and PTSD and the psychology department only sees me once every few months.",
        CR,
        "medical",
        (),
    ),
    (
        "He has COPD and uses an inhaler and oxygen at night; with the virus in the unit he is at serious risk.",
        CR,
        "medical",
        (),
    ),
    (
        "I was diagnosed with hepatitis C and cirrhosis and they refuse to start me on the cure.",
        CR,
        "medical",
        (),
    ),
    (
        "Staff note: client reports a lump in his neck for 8 months, biopsy never scheduled; asks for release due to his health.",
        CR,
        "medical",
        (),
    ),
    (
        "my back is broke from a fall and i cant walk without a walker, the pain never stops",
        CR,
        "medical",
        (),
    ),
    ("I'm scared of catching covid again because of my asthma.", CR, "medical", ()),
    # --- compassionate_release / age -------------------------------------------------------------------
    (
        "I am 72 years old and have done 24 years. My body is breaking down from old age.",
        CR,
        "age",
        ("medical",),
    ),
    (
        "Client is 68, has served more than 75% of his sentence, and is suffering serious age-related decline in his mobility and memory.",
        CR,
        "age",
        ("medical",),
    ),
    ("im seventy one and gettin weaker every year, i been locked up since 1996", CR, "age", ()),
    (
        "Movant, now 80, argues that his advanced age and the deterioration that comes with it warrant relief.",
        CR,
        "age",
        (),
    ),
    (
        "I'm an old man now, 66, and I can barely get up to the top bunk. Aging in prison is hard on the body.",
        CR,
        "age",
        ("medical",),
    ),
    # --- compassionate_release / family ------------------------------------------------------------------
    (
        "my kids grandmother who was raising them just died and now theres nobody to take care of them, they might go in foster care",
        CR,
        "family",
        (),
    ),
    (
        "Client's wife had a stroke and is paralyzed on one side; he is the only one who can care for her.",
        CR,
        "family",
        (),
    ),
    (
        "My mom is 79 and has Alzheimer's. My brothers are both locked up too so I'm the only one left to look after her.",
        CR,
        "family",
        (),
    ),
    (
        "Our client's minor son is autistic and the boy's mother was recently incarcerated, leaving no caregiver.",
        CR,
        "family",
        (),
    ),
    (
        "My father is dying of lung cancer and needs someone to drive him to chemo. I'm the only child.",
        CR,
        "family",
        (),
    ),
    ("The caregiver of defendant's two young children passed away in March.", CR, "family", ()),
    (
        "My husband is disabled after a work accident and can't take care of himself or our daughter.",
        CR,
        "family",
        (),
    ),
    # --- compassionate_release / custody_abuse -----------------------------------------------------------
    ("A CO sexually assaulted me in the laundry room and PREA substantiated it.", CR, "custody_abuse", ()),
    (
        "Client was beaten by two correctional officers in the SHU and suffered a broken jaw and orbital fracture.",
        CR,
        "custody_abuse",
        (),
    ),
    (
        "The lieutenant slammed me on the ground while I was cuffed and broke my wrist, I have the medical records.",
        CR,
        "custody_abuse",
        (),
    ),
    (
        "Movant was sexually abused by a prison staff member; the officer was later convicted.",
        CR,
        "custody_abuse",
        (),
    ),
    # --- compassionate_release / rehabilitation (with another ground) --------------------------------
    (
        "Along with his cancer diagnosis, client has completed over 40 programs and has had no incident reports in 12 years.",
        CR,
        "rehabilitation",
        ("medical",),
    ),
    (
        "Besides my heart condition, I've earned my GED, I tutor other guys, and I haven't had a shot in ten years.",
        CR,
        "rehabilitation",
        ("medical",),
    ),
    (
        "In addition to caring for her mother, client points to her clean disciplinary record and RDAP completion.",
        CR,
        "rehabilitation",
        ("family",),
    ),
    # --- compassionate_release / other -------------------------------------------------------------------
    ("My co-defendant was the leader and he got 10 years. I was a lookout and got 30.", CR, "other", ()),
    (
        "Client notes the two co-conspirators who cooperated received time served while he received 240 months.",
        CR,
        "other",
        (),
    ),
    ("I got way more time than my codefendants even though we all did the same thing.", CR, "other", ()),
    # --- foreclosed / rehabilitation_alone -----------------------------------------------------------------
    (
        "I have completed every program they offer, got my GED, and I mentor younger guys. I am a changed man and I deserve a second chance.",
        FC,
        "rehabilitation_alone",
        (),
    ),
    (
        "Client relies on his exemplary prison record: 15 years without a write-up, a UNICOR job, and college courses.",
        FC,
        "rehabilitation_alone",
        (),
    ),
    (
        "Movant's rehabilitation has been extraordinary, he argues, and justifies a reduction by itself.",
        FC,
        "rehabilitation_alone",
        (),
    ),
    (
        "i took anger management, parenting, and the drug program and my recidivism score is minimum now",
        FC,
        "rehabilitation_alone",
        (),
    ),
    # --- foreclosed / change_in_law -------------------------------------------------------------------------
    (
        "If I was sentenced today my two 924(c) counts wouldn't be stacked and I'd have 15 less years.",
        FC,
        "change_in_law",
        (),
    ),
    (
        "The First Step Act changed the 851 enhancement so my prior doesn't count as a serious drug felony anymore. I'd get 10 years today instead of 20.",
        FC,
        "change_in_law",
        (),
    ),
    (
        "Client's mandatory life sentence would be a 25-year minimum under current law.",
        FC,
        "change_in_law",
        (),
    ),
    (
        "Counsel argues the gross disparity between his 57-year stacked sentence and what Congress now deems appropriate is extraordinary and compelling.",
        FC,
        "change_in_law",
        (),
    ),
    (
        "my guidelines were mandatory back then because it was before booker, now judges have discretion and i would of got less",
        FC,
        "change_in_law",
        (),
    ),
    (
        "Because of the anti-stacking amendment, defendants sentenced now for the same conduct get 21 years; he is serving 82.",
        FC,
        "change_in_law",
        (),
    ),
    (
        "He was properly classified as a career offender at the time, but under the new circuit decision his prior robbery no longer qualifies, so his range today would be much lower.",
        FC,
        "change_in_law",
        (),
    ),
    (
        "The new safety valve in the First Step Act would have let the judge go below the mandatory minimum if I was sentenced now.",
        FC,
        "change_in_law",
        (),
    ),
    # --- collateral_attack / ineffective_assistance -------------------------------------------------------
    (
        "my public defender never came to see me before trial and didnt look at the evidence",
        CA,
        "ineffective_assistance",
        (),
    ),
    (
        "Counsel failed to file a notice of appeal even though client asked him to.",
        CA,
        "ineffective_assistance",
        (),
    ),
    (
        "My attorney had me plead guilty without ever telling me I could lose my green card.",
        CA,
        "ineffective_assistance",
        ("plea_invalid",),
    ),
    (
        "Client states the government offered 10 years before trial and his lawyer never passed it along.",
        CA,
        "ineffective_assistance",
        (),
    ),
    (
        "my atty didnt object when they gave me the gun bump at sentencing",
        CA,
        "ineffective_assistance",
        ("sentencing_error",),
    ),
    ("Trial counsel did not investigate the alibi witnesses.", CA, "ineffective_assistance", ()),
    (
        "I had inefective counsil at my sentencing, he didnt argue nothing for me",
        CA,
        "ineffective_assistance",
        (),
    ),
    # --- collateral_attack / trial_error ----------------------------------------------------------------------
    (
        "The judge let the jury hear about my old convictions which was prejudicial and it's why they found me guilty.",
        CA,
        "trial_error",
        (),
    ),
    (
        "Movant argues the district court should have suppressed the drugs found in the warrantless search of his car.",
        CA,
        "trial_error",
        (),
    ),
    ("The jury instructions on conspiracy left out the agreement element.", CA, "trial_error", ()),
    (
        "At trial the government's expert was allowed to tell the jury what my words meant and I never got to cross examine the informant.",
        CA,
        "trial_error",
        (),
    ),
    (
        "there was not enough evidence to convict me of the conspiracy, all they had was one phone call",
        CA,
        "trial_error",
        ("innocence",),
    ),
    # --- collateral_attack / indictment_defect ---------------------------------------------------------------
    (
        "The indictment did not allege the drug quantity that triggered my 10-year minimum.",
        CA,
        "indictment_defect",
        ("sentencing_error",),
    ),
    (
        "my indictment was defective because it didnt say i knew i was a felon",
        CA,
        "indictment_defect",
        ("trial_error",),
    ),
    (
        "Client contends the superseding indictment charged two offenses in a single count.",
        CA,
        "indictment_defect",
        (),
    ),
    # --- collateral_attack / sentencing_error ------------------------------------------------------------------
    (
        "The judge gave me 4 points for a leadership role I never had and it bumped my range way up.",
        CA,
        "sentencing_error",
        (),
    ),
    (
        "My prior for simple possession should not have counted as a controlled substance offense, so I never should have been labeled a career offender.",
        CA,
        "sentencing_error",
        (),
    ),
    (
        "Movant says his 360-month sentence exceeds the 20-year statutory maximum for the offense.",
        CA,
        "sentencing_error",
        (),
    ),
    ("The PSR double counted my prior drug case in my criminal history.", CA, "sentencing_error", ()),
    (
        "they used a burglary that isnt a violent felony to make me an armed career criminal",
        CA,
        "sentencing_error",
        (),
    ),
    ("Client says the court erred in applying the obstruction enhancement.", CA, "sentencing_error", ()),
    # --- collateral_attack / innocence -------------------------------------------------------------------------
    (
        "I didn't do this. The gun was my cousin's and he even wrote a statement saying so.",
        CA,
        "innocence",
        (),
    ),
    ("Client maintains his actual innocence; the only eyewitness has since recanted.", CA, "innocence", ()),
    ("im innocent, i was at work when the robbery happened and they had the wrong guy", CA, "innocence", ()),
    (
        "My 924(c) should be vacated because conspiracy to commit Hobbs Act robbery is not a crime of violence after Davis.",
        CA,
        "innocence",
        ("unconstitutional_statute",),
    ),
    # --- collateral_attack / unconstitutional_statute ---------------------------------------------------------
    (
        "Under Bruen, 922(g)(1) is unconstitutional as applied to nonviolent felons like me.",
        CA,
        "unconstitutional_statute",
        (),
    ),
    (
        "Movant contends the residual clause used for his conviction is void for vagueness.",
        CA,
        "unconstitutional_statute",
        ("innocence",),
    ),
    ("The law they convicted me under violates the Second Amendment.", CA, "unconstitutional_statute", ()),
    # --- collateral_attack / misconduct -----------------------------------------------------------------------
    ("The prosecutor hid the deal he gave the snitch and never told my lawyer.", CA, "misconduct", ()),
    ("Client asserts the case agent lied to the grand jury to get the indictment.", CA, "misconduct", ()),
    ("The DEA agent planted the drugs and the government knew it.", CA, "misconduct", ("innocence",)),
    ("Government withheld Brady material about the informant's payments.", CA, "misconduct", ()),
    # --- collateral_attack / plea_invalid ------------------------------------------------------------------------
    (
        "I didn't understand my plea agreement, I can't read that well and nobody explained it.",
        CA,
        "plea_invalid",
        (),
    ),
    (
        "Client says his guilty plea was involuntary because he was on heavy medication at the plea hearing.",
        CA,
        "plea_invalid",
        (),
    ),
    (
        "They pressured me into pleading guilty by threatening to charge my girlfriend.",
        CA,
        "plea_invalid",
        ("misconduct",),
    ),
    # --- collateral_attack / other -----------------------------------------------------------------------------------
    (
        "The way my case was handled was unfair from start to finish and my rights were violated.",
        CA,
        "other",
        (),
    ),
    (
        "My conviction was illegal and I can't file another 2255 so I'm asking for compassionate release instead.",
        CA,
        "other",
        (),
    ),
    (
        "Client argues the court lacked jurisdiction because the offense happened on tribal land.",
        CA,
        "other",
        (),
    ),
    # --- other_vehicle / guideline_amendment ---------------------------------------------------------------------
    (
        "I should get a reduction under Amendment 821 because I got 2 status points.",
        OV,
        "guideline_amendment",
        (),
    ),
    (
        "Client had zero criminal history points and may qualify for the zero-point offender reduction.",
        OV,
        "guideline_amendment",
        (),
    ),
    (
        "He is asking for the drugs-minus-two guideline reduction under a 3582(c)(2) motion.",
        OV,
        "guideline_amendment",
        (),
    ),
    # --- other_vehicle / sentence_computation ------------------------------------------------------------------------
    (
        "BOP didn't give me credit for the 14 months I sat in county jail before sentencing.",
        OV,
        "sentence_computation",
        (),
    ),
    (
        "Client says his FSA earned time credits are not being applied and his release date is wrong.",
        OV,
        "sentence_computation",
        (),
    ),
    (
        "My federal sentence was supposed to run concurrent with my state time but BOP has it consecutive.",
        OV,
        "sentence_computation",
        (),
    ),
    ("i have 300 days of good conduct time they took away for no reason", OV, "sentence_computation", ()),
    # --- other_vehicle / home_confinement ------------------------------------------------------------------------------
    ("I'm asking the court to put me on home confinement under the CARES Act.", OV, "home_confinement", ()),
    (
        "Client wants to finish the last 10 months of his sentence at a halfway house near his family.",
        OV,
        "home_confinement",
        (),
    ),
    ("Please order the BOP to transfer me to an RRC, I have a job waiting.", OV, "home_confinement", ()),
    # --- other_vehicle / conditions ---------------------------------------------------------------------------------------
    (
        "We have been on lockdown for months, no visits, cold food, and mold in the showers.",
        OV,
        "conditions",
        (),
    ),
    ("The guards here harass me every day and retaliate when I file grievances.", OV, "conditions", ()),
    ("The conditions at this facility amount to cruel and unusual punishment.", OV, "conditions", ()),
    # --- other_vehicle / other ------------------------------------------------------------------------------------------------
    ("I want a reduction under section 404 of the First Step Act for my crack conviction.", OV, "other", ()),
    (
        "I gave substantial assistance to the government after sentencing and they never filed a Rule 35.",
        OV,
        "other",
        (),
    ),
    ("Client asks the court to lift the immigration detainer so he can go to a camp.", OV, "other", ()),
]
