/* healthsrc: the health source. One scheduled job per [check "NAME"]
 * (http, tcp, command, prometheus, alertmanager, host) runs its probe on a
 * worker, feeds the result through the check's flap damping and history
 * ring (model/health) and publishes a struct health_check to STORE_HEALTH
 * under the check's name. HTTP probes, Prometheus and Alertmanager go
 * through source_env.transport alone: no token, no GitHub headers, no
 * budget. Commands run by fork/execve (spawn), never a shell. */
#ifndef OPSDECK_HEALTHSRC_H
#define OPSDECK_HEALTHSRC_H

#include "opsdeck/conf.h"
#include "opsdeck/source.h"

/* [prometheus] url, [alertmanager] url, [health] after-deploy. */
struct healthsrc_conf {
	char	*prom_url;		/* NULL: none */
	char	*am_url;		/* NULL: none */
	int	 after_deploy_s;	/* default 10m */
};

/* One [check "NAME"] (a named table: one struct per name). */
struct healthsrc_check_conf {
	char	*kind;		/* http tcp command prometheus alertmanager
				 * host */
	char	*environment;	/* NULL */
	int	 interval_s;
	int	 timeout_s;
	char	*warn, *crit;	/* limits; latency for http/tcp/command */
	int	 flap_damping;	/* results in a row to change state */
	char	*url;		/* http */
	int	 status;	/* http: expected status */
	char	*match;		/* http body / command output, PCRE2 */
	char	*ca_file;	/* https: CA bundle */
	int	 cert_warn_days, cert_crit_days;
	char	*address;	/* tcp host:port */
	char	*command;	/* argv as one string */
	int	 exit_code;	/* command: expected exit status */
	char	*query;		/* prometheus: PromQL */
	char	*empty;		/* prometheus: ok, unknown, crit */
	char	*matchers;	/* alertmanager: filter matchers, ',' */
	char	*path;		/* host: the file system for disk */
	int	 cpu, memory, disk;	/* host: percentages */
	int	 backoff;	/* most the interval is multiplied by while
				 * the target does not answer; 1: off */
	int	 backoff_max_s;	/* and the longest delay */
};

extern const struct conf_table	healthsrc_conf_table;
extern const struct conf_table	healthsrc_check_table;	/* named */
extern const struct source_ops	healthsrc_source;

#endif
