/* log: debug log to a file (enabled by -v), never to the terminal.
 * Thread-safe. Never pass a token or an Authorization header to it. */
#ifndef OPSDECK_LOG_H
#define OPSDECK_LOG_H

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

int	 log_open(const char *path, enum log_level, char **cause);
void	 log_close(void);
void	 log_msg(enum log_level, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#define log_error(...)	log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
