"""What each analysis case URL shows when it answers 2xx, for the access log (intake/access.py).

Every analysis URL with a case <pk> is in KINDS or NOT_READS (tests/security/test_access_log.py fails otherwise).
"""

from intake.models import CaseAccess

Kind = CaseAccess.Kind

KINDS = {
    "analysis:letter_split": Kind.LETTER,
    "analysis:run_triage": Kind.CASE_PAGE,
    "analysis:submit_for_review": Kind.CASE_PAGE,
    "analysis:reopen": Kind.CASE_PAGE,
    "analysis:case_review": Kind.REVIEW_PAGE,
    "analysis:decide_argument": Kind.REVIEW_PAGE,
    "analysis:accept_all": Kind.REVIEW_PAGE,
    "analysis:request_changes": Kind.REVIEW_PAGE,
    "analysis:approve": Kind.REVIEW_PAGE,
    "analysis:decide_law_change": Kind.CASE_PAGE,
    "analysis:document_preview": Kind.DOCUMENT_PREVIEW,
    "analysis:document_download": Kind.DOCUMENT_DOWNLOAD,
    "analysis:court": Kind.COURT,
    "analysis:filing_create": Kind.FILING_FORM,
    "analysis:filing_response": Kind.FILING_FORM,
    "analysis:filing_ruling": Kind.FILING_FORM,
    "analysis:exhibit_create": Kind.EXHIBIT_FORM,
    "analysis:exhibit_download": Kind.DOCUMENT_DOWNLOAD,
    "analysis:exhibit_move": Kind.EXHIBIT_FORM,
    "analysis:exhibit_delete": Kind.EXHIBIT_FORM,
    "analysis:filing_packet": Kind.DOCUMENT_DOWNLOAD,
}
# The detail of a read whose URL names no argument, document or exhibit.
DETAILS = {"analysis:filing_packet": "filing-packet"}
# The live triage preview only echoes what the user is typing (and would otherwise record a read per keystroke).
NOT_READS = ("analysis:triage_preview",)
