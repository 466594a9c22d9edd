/* governance_load.h — the register of information assets read for the governance rules
 * (core/governance.h). */
#ifndef DTI_STORE_GOVERNANCE_LOAD_H
#define DTI_STORE_GOVERNANCE_LOAD_H

#include "store.h"
#include "../core/governance.h"

/* Every live asset (by id; an owner who is not a live person counts as none), every
 * live copy of them, and every live link between a live process and a live asset, from
 * one read snapshot; arrays and strings in a. */
enum dti_err store_governance_data(struct store *s, struct arena *a,
				   struct gov_data *out) DTI_MUST_CHECK;

#endif
