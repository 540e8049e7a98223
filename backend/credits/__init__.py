"""CME credits (继续医学教育学分): the credit policy as versioned data, the ledger per person and
year, external certificates a staff member uploads and the officer confirms."""
