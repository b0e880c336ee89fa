/* approvalsrc: the approvals source. Per [repo], on the GitHub client:
 * its runs with status waiting (GET .../actions/runs?status=waiting),
 * each one's pending deployments (GET .../runs/ID/pending_deployments),
 * and for each item what approving would ship (what the environment runs
 * now, from the environments source's snapshot, to the run's head: the
 * local clone or the compare API). Publishes a struct approval_queue per
 * repository to STORE_APPROVALS. Polled at [ui] fast-interval while
 * anything waits, else at the repository's interval; every GET is
 * conditional. */
#ifndef OPSDECK_APPROVALSRC_H
#define OPSDECK_APPROVALSRC_H

struct source_ops;

/* [approvals] keys: approvalsrc_conf_table. */
struct approvals_conf {
	int	 enabled;
	int	 bell;		/* ring on a new item this token may approve */
};
extern const struct conf_table	approvalsrc_conf_table;
extern const struct source_ops	approvalsrc_source;

#endif
