/* log.h — leveled logging to stderr, one line per message, with a request id.
 *
 * The level is checked before anything is formatted. Messages are lower case, name
 * the failing thing first and never contain secrets. */
#ifndef DTI_UTIL_LOG_H
#define DTI_UTIL_LOG_H

#include <stdint.h>

enum log_level { LOG_ERROR = 0, LOG_WARN, LOG_INFO, LOG_DEBUG };

extern enum log_level log_threshold;

/* Set the threshold from a name (error|warn|info|debug); returns -1 if unknown. */
int log_set_level(const char *name);
/* Set the request id printed on this thread's lines (0: none). */
void log_set_request_id(uint64_t id);

void log_write(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_msg(level, ...) \
	do { \
		if ((level) <= log_threshold) \
			log_write((level), __VA_ARGS__); \
	} while (0)

#endif
