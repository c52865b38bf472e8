#include "report/envelope.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include <jansson.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

static const char hex_digits[] = "0123456789abcdef";

void sentry_event_id(char out[SENTRY_EVENT_ID_LEN + 1])
{
	unsigned char raw[SENTRY_EVENT_ID_LEN / 2];

	/* The kernel's generator, not RAND_bytes: the first RAND_bytes of a
	 * process costs 2-7 ms of DRBG set-up, and the crash handler needs an
	 * id at every start. getrandom() is /dev/urandom without the file. */
	if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw) {
		int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
		ssize_t n = fd >= 0 ? read(fd, raw, sizeof raw) : -1;

		if (fd >= 0)
			close(fd);
		if (n != (ssize_t)sizeof raw) {
			/* Uniqueness, not secrecy, is what an id needs. */
			struct timespec ts;
			uint64_t a, b;

			clock_gettime(CLOCK_REALTIME, &ts);
			a = (uint64_t)ts.tv_sec * 1000000000u +
			    (uint64_t)ts.tv_nsec;
			b = ((uint64_t)getpid() << 32) ^
			    (uint64_t)(uintptr_t)out;
			memcpy(raw, &a, 8);
			memcpy(raw + 8, &b, 8);
		}
	}
	for (size_t i = 0; i < sizeof raw; i++) {
		out[2 * i] = hex_digits[raw[i] >> 4];
		out[2 * i + 1] = hex_digits[raw[i] & 15];
	}
	out[SENTRY_EVENT_ID_LEN] = '\0';
}

size_t sentry_format_u64(char *out, uint64_t v)
{
	char tmp[20];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

static void put_digits(char *out, unsigned v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

void sentry_format_timestamp(char out[SENTRY_TIMESTAMP_SIZE],
			     const struct timespec *ts)
{
	/* Days to civil date, Howard Hinnant's algorithm: gmtime_r is not
	 * async-signal-safe, and the crash handler needs this too. */
	int64_t secs = ts->tv_sec < 0 ? 0 : (int64_t)ts->tv_sec;
	int64_t days = secs / 86400, rem = secs % 86400;
	int64_t z = days + 719468;
	int64_t era = z / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t day = doy - (153 * mp + 2) / 5 + 1;
	int64_t month = mp < 10 ? mp + 3 : mp - 9;
	int64_t year = yoe + era * 400 + (month <= 2);

	if (year > 9999)
		year = 9999;
	put_digits(out, (unsigned)year, 4);
	out[4] = '-';
	put_digits(out + 5, (unsigned)month, 2);
	out[7] = '-';
	put_digits(out + 8, (unsigned)day, 2);
	out[10] = 'T';
	put_digits(out + 11, (unsigned)(rem / 3600), 2);
	out[13] = ':';
	put_digits(out + 14, (unsigned)(rem / 60 % 60), 2);
	out[16] = ':';
	put_digits(out + 17, (unsigned)(rem % 60), 2);
	out[19] = '.';
	put_digits(out + 20, (unsigned)(ts->tv_nsec / 1000), 6);
	out[26] = 'Z';
	out[27] = '\0';
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if none. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

static bool is_local_char(char c)
{
	/* The characters of an address's local part that are not also common
	 * punctuation around one in a sentence ("'a@b'", "(a@b)", "x=a@b"),
	 * plus ':' so that "user:password@host" goes as a whole. */
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("._%+-!#$&*^{|}~:", c));
}

static bool is_domain_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '-';
}

static char *clean_text(const char *text, bool redact)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(text);

	if (n > SENTRY_TEXT_MAX)
		n = SENTRY_TEXT_MAX;
	for (size_t i = 0; i < n;) {
		size_t len = utf8_len((const unsigned char *)text + i, n - i);

		if (len == 0) {
			strbuf_puts(&sb, "\xef\xbf\xbd");
			i++;
			continue;
		}
		if (redact && text[i] == '@' && i > 0 &&
		    is_local_char(text[i - 1]) && i + 1 < n &&
		    is_domain_char(text[i + 1])) {
			size_t start = sb.len, end = i + 1;

			while (start > 0 && is_local_char(sb.buf[start - 1]))
				start--;
			while (end < n && is_domain_char(text[end]))
				end++;
			sb.len = start;
			sb.buf[sb.len] = '\0';
			strbuf_puts(&sb, "[redacted]");
			i = end;
			continue;
		}
		strbuf_add(&sb, text + i, len);
		i += len;
	}
	return strbuf_detach(&sb);
}

char *sentry_scrub(const char *text)
{
	return clean_text(text, true);
}

/* A JSON string for any text: invalid UTF-8 would make json_string()
 * return NULL, and a NULL here would silently drop the field. Only the
 * caller's free texts are redacted: configuration values are ours, and a
 * release is spelt "epicevents@0.1.0". */
static json_t *json_text(const char *s, bool redact)
{
	char *clean = clean_text(s, redact);
	json_t *j;

	j = json_string(clean);
	free(clean);
	return j;
}

static void set_text(json_t *obj, const char *key, const char *value,
		     bool redact)
{
	if (value)
		json_object_set_new(obj, key, json_text(value, redact));
}

char *sentry_event_json(const struct sentry_event *ev, const char *event_id,
			const char *timestamp)
{
	json_t *event = json_object();
	json_t *tags = json_object();
	char *out;

	json_object_set_new(event, "event_id", json_string(event_id));
	json_object_set_new(event, "timestamp", json_string(timestamp));
	json_object_set_new(event, "platform", json_string("c"));
	json_object_set_new(event, "level", json_string(ev->level));
	json_object_set_new(event, "logger", json_string("epicevents"));
	set_text(event, "release", ev->release, false);
	set_text(event, "environment", ev->environment, false);
	if (ev->user_id > 0) {
		char id[24];

		snprintf(id, sizeof id, "%" PRId64, ev->user_id);
		json_object_set_new(event, "user",
				    json_pack("{s:s}", "id", id));
	}
	set_text(tags, "action_type", ev->action_type, false);
	set_text(tags, "department", ev->department, false);
	set_text(tags, "command", ev->command, false);
	set_text(tags, "exit_code", ev->exit_code, false);
	if (json_object_size(tags))
		json_object_set(event, "tags", tags);
	if (ev->message) {
		json_t *msg = json_object();

		set_text(msg, "formatted", ev->message, true);
		json_object_set_new(event, "message", msg);
	} else {
		json_t *exc = json_object();

		set_text(exc, "type", ev->exc_type ? ev->exc_type : "Error",
			 true);
		set_text(exc, "value", ev->exc_value ? ev->exc_value : "",
			 true);
		json_object_set_new(event, "exception",
				    json_pack("{s:[o]}", "values", exc));
	}
	out = json_dumps(event, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(tags);
	json_decref(event);
	if (!out)
		abort(); /* only allocation can fail once the text is clean */
	return out;
}

char *sentry_envelope_wrap(const char *event_id, const char *dsn_public,
			   const char *event_json, size_t *len_out)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *header = json_object();
	char *line;

	json_object_set_new(header, "event_id", json_string(event_id));
	if (dsn_public)
		json_object_set_new(header, "dsn", json_string(dsn_public));
	line = json_dumps(header, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(header);
	if (!line)
		abort();
	strbuf_printf(&sb, "%s\n{\"type\":\"event\",\"length\":%zu}\n%s\n",
		      line, strlen(event_json), event_json);
	free(line);
	*len_out = sb.len;
	return strbuf_detach(&sb);
}

char *sentry_envelope_for_sending(const char *data, size_t len,
				  const char *dsn_public, size_t *len_out)
{
	const char *nl = memchr(data, '\n', len);
	struct strbuf sb = STRBUF_INIT;
	json_t *header = NULL;
	char *line = NULL;
	char *out = NULL;
	char ts[SENTRY_TIMESTAMP_SIZE];
	struct timespec now;

	if (!nl)
		goto done;
	header = json_loadb(data, (size_t)(nl - data), 0, NULL);
	if (!json_is_object(header) ||
	    !json_is_string(json_object_get(header, "event_id")))
		goto done;
	clock_gettime(CLOCK_REALTIME, &now);
	sentry_format_timestamp(ts, &now);
	json_object_set_new(header, "sent_at", json_string(ts));
	if (dsn_public)
		json_object_set_new(header, "dsn", json_string(dsn_public));
	line = json_dumps(header, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (!line)
		goto done;
	strbuf_puts(&sb, line);
	strbuf_add(&sb, nl, len - (size_t)(nl - data));
	*len_out = sb.len;
	out = strbuf_detach(&sb);
done:
	free(line);
	json_decref(header);
	strbuf_free(&sb);
	return out;
}
