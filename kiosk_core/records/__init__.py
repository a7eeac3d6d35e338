"""Paperwork an insurer, a referring doctor or another health system can read: superbills,
progress reports, the FHIR export, the CMS-1500 lines, and outside documents kept encrypted."""
