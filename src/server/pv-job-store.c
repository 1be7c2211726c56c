/* pv-job-store.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-job-store"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "pv-job-store.h"

/* A job of a million detections is a few hundred MB of JSON: as a json-glib tree it would take
 * gigabytes. So the file stays mapped, a small scanner finds each PersonDetection's byte range,
 * json-glib reads only the few keys we sort by, and pages are cut from the file's own bytes. */

#define MAX_DEPTH 256

G_DEFINE_QUARK (pv-job-store-error-quark, pv_job_store_error)

struct _PvJobStore {
  char       *dir;
  GHashTable *cache;  /* job id -> PvJob */
};

typedef struct {
  const char *data;
  gsize       len;
  gsize       pos;
  const char *error;  /* static text, set on failure */
} Scanner;

static void
skip_ws (Scanner *s)
{
  while (s->pos < s->len &&
         (s->data[s->pos] == ' ' || s->data[s->pos] == '\t' ||
          s->data[s->pos] == '\n' || s->data[s->pos] == '\r'))
    s->pos++;
}

static gboolean
fail (Scanner    *s,
      const char *error)
{
  s->error = error;
  return FALSE;
}

static gboolean
expect (Scanner *s,
        char     c)
{
  skip_ws (s);
  if (s->pos >= s->len || s->data[s->pos] != c)
    {
      switch (c)
        {
        case ':': return fail (s, "expected ':'");
        case '{': return fail (s, "expected '{'");
        case '[': return fail (s, "expected '['");
        default:  return fail (s, "unexpected character");
        }
    }
  s->pos++;
  return TRUE;
}

static gboolean
skip_string (Scanner *s)
{
  g_assert (s->data[s->pos] == '"');

  for (s->pos++; s->pos < s->len; s->pos++)
    {
      guchar c = (guchar) s->data[s->pos];

      if (c == '\\')
        {
          if (s->pos + 1 >= s->len)
            break;
          s->pos++;
          switch (s->data[s->pos])
            {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
              break;
            case 'u':
              if (s->pos + 4 >= s->len ||
                  !g_ascii_isxdigit (s->data[s->pos + 1]) ||
                  !g_ascii_isxdigit (s->data[s->pos + 2]) ||
                  !g_ascii_isxdigit (s->data[s->pos + 3]) ||
                  !g_ascii_isxdigit (s->data[s->pos + 4]))
                return fail (s, "bad \\u escape in a string");
              s->pos += 4;
              break;
            default:
              return fail (s, "bad escape in a string");
            }
        }
      else if (c == '"')
        {
          s->pos++;
          return TRUE;
        }
      else if (c < 0x20)
        return fail (s, "control character in a string");
    }

  return fail (s, "unterminated string");
}

/* A JSON number, strictly: the bytes are passed on to clients verbatim, so they must be valid. */
static gboolean
scan_number (Scanner  *s,
             double   *value,
             gboolean *is_integer)
{
  char buf[64];
  gsize start = s->pos;
  gboolean integer = TRUE;

  if (s->pos < s->len && s->data[s->pos] == '-')
    s->pos++;
  if (s->pos < s->len && s->data[s->pos] == '0')
    s->pos++;
  else if (s->pos < s->len && s->data[s->pos] >= '1' && s->data[s->pos] <= '9')
    while (s->pos < s->len && g_ascii_isdigit (s->data[s->pos]))
      s->pos++;
  else
    return fail (s, "unexpected character");

  if (s->pos < s->len && s->data[s->pos] == '.')
    {
      integer = FALSE;
      s->pos++;
      if (s->pos >= s->len || !g_ascii_isdigit (s->data[s->pos]))
        return fail (s, "bad number");
      while (s->pos < s->len && g_ascii_isdigit (s->data[s->pos]))
        s->pos++;
    }
  if (s->pos < s->len && (s->data[s->pos] == 'e' || s->data[s->pos] == 'E'))
    {
      integer = FALSE;
      s->pos++;
      if (s->pos < s->len && (s->data[s->pos] == '+' || s->data[s->pos] == '-'))
        s->pos++;
      if (s->pos >= s->len || !g_ascii_isdigit (s->data[s->pos]))
        return fail (s, "bad number");
      while (s->pos < s->len && g_ascii_isdigit (s->data[s->pos]))
        s->pos++;
    }

  if (value != NULL)
    {
      if (s->pos - start >= sizeof buf)
        return fail (s, "number too long");
      memcpy (buf, s->data + start, s->pos - start);
      buf[s->pos - start] = '\0';
      *value = g_ascii_strtod (buf, NULL);
      /* Integers beyond 2^53 lose precision as doubles; the keys we read are far below that. */
      if (integer && (*value > 9007199254740992.0 || *value < -9007199254740992.0))
        return fail (s, "integer out of range");
    }
  if (is_integer != NULL)
    *is_integer = integer;

  return TRUE;
}

static gboolean
scan_literal (Scanner    *s,
              const char *word)
{
  gsize n = strlen (word);

  if (s->len - s->pos < n || memcmp (s->data + s->pos, word, n) != 0)
    return fail (s, "unexpected character");
  s->pos += n;
  return TRUE;
}

static gboolean skip_value (Scanner *s, guint depth);

/* Calls member() for each member of the object at s->pos, with s->pos at the value, which
 * member() must consume (skip_value does). */
typedef gboolean (*MemberFunc) (Scanner    *s,
                                const char *key,
                                gsize       key_len,
                                guint       depth,
                                gpointer    user_data);

static gboolean
scan_object (Scanner    *s,
             guint       depth,
             MemberFunc  member,
             gpointer    user_data)
{
  if (depth > MAX_DEPTH)
    return fail (s, "nested too deeply");
  if (!expect (s, '{'))
    return FALSE;
  skip_ws (s);
  if (s->pos < s->len && s->data[s->pos] == '}')
    {
      s->pos++;
      return TRUE;
    }

  while (TRUE)
    {
      gsize key_start, key_end;

      skip_ws (s);
      if (s->pos >= s->len || s->data[s->pos] != '"')
        return fail (s, "expected a member name");
      key_start = s->pos;
      if (!skip_string (s))
        return FALSE;
      key_end = s->pos;
      if (!expect (s, ':'))
        return FALSE;
      skip_ws (s);
      if (!member (s, s->data + key_start + 1, key_end - key_start - 2, depth, user_data))
        return FALSE;
      skip_ws (s);
      if (s->pos < s->len && s->data[s->pos] == ',')
        {
          s->pos++;
          continue;
        }
      return expect (s, '}');
    }
}

static gboolean
skip_member (Scanner    *s,
             const char *key,
             gsize       key_len,
             guint       depth,
             gpointer    user_data)
{
  return skip_value (s, depth + 1);
}

static gboolean
skip_value (Scanner *s,
            guint    depth)
{
  if (depth > MAX_DEPTH)
    return fail (s, "nested too deeply");

  skip_ws (s);
  if (s->pos >= s->len)
    return fail (s, "unexpected end of file");

  switch (s->data[s->pos])
    {
    case '"':
      return skip_string (s);
    case '{':
      return scan_object (s, depth, skip_member, NULL);
    case '[':
      s->pos++;
      skip_ws (s);
      if (s->pos < s->len && s->data[s->pos] == ']')
        {
          s->pos++;
          return TRUE;
        }
      while (TRUE)
        {
          if (!skip_value (s, depth + 1))
            return FALSE;
          skip_ws (s);
          if (s->pos < s->len && s->data[s->pos] == ',')
            {
              s->pos++;
              continue;
            }
          return expect (s, ']');
        }
    case 't':
      return scan_literal (s, "true");
    case 'f':
      return scan_literal (s, "false");
    case 'n':
      return scan_literal (s, "null");
    default:
      return scan_number (s, NULL, NULL);
    }
}

/* The key as it appears between the quotes: escaped spellings of our keys are not recognised. */
static gboolean
key_is (const char *key,
        gsize       key_len,
        const char *name)
{
  return key_len == strlen (name) && memcmp (key, name, key_len) == 0;
}

typedef struct {
  PvJobDetection *d;
  gboolean        has_timestamp;
  gboolean        has_person;
  gboolean        has_index;
  const char     *what;   /* static text describing what was wrong, for the error */
} DetectionScan;

static gboolean
scan_integer_member (Scanner       *s,
                     DetectionScan *scan,
                     gint64        *out,
                     const char    *what)
{
  double v;
  gboolean integer;

  if (s->pos >= s->len || !(s->data[s->pos] == '-' || g_ascii_isdigit (s->data[s->pos])) ||
      !scan_number (s, &v, &integer) || !integer)
    {
      scan->what = what;
      return fail (s, what);
    }
  *out = (gint64) v;
  return TRUE;
}

static gboolean
face_member (Scanner    *s,
             const char *key,
             gsize       key_len,
             guint       depth,
             gpointer    user_data)
{
  DetectionScan *scan = user_data;
  double v;

  if (key_is (key, key_len, "Confidence") && s->pos < s->len &&
      (s->data[s->pos] == '-' || g_ascii_isdigit (s->data[s->pos])))
    {
      if (!scan_number (s, &v, NULL))
        return FALSE;
      scan->d->confidence = v;
      return TRUE;
    }
  return skip_value (s, depth + 1);
}

static gboolean
person_member (Scanner    *s,
               const char *key,
               gsize       key_len,
               guint       depth,
               gpointer    user_data)
{
  DetectionScan *scan = user_data;

  if (key_is (key, key_len, "Index"))
    {
      scan->has_index = TRUE;
      return scan_integer_member (s, scan, &scan->d->index, "Person.Index is not an integer");
    }
  if (key_is (key, key_len, "Face") && s->pos < s->len && s->data[s->pos] == '{')
    return scan_object (s, depth + 1, face_member, scan);
  return skip_value (s, depth + 1);
}

static gboolean
detection_member (Scanner    *s,
                  const char *key,
                  gsize       key_len,
                  guint       depth,
                  gpointer    user_data)
{
  DetectionScan *scan = user_data;

  if (key_is (key, key_len, "Timestamp"))
    {
      scan->has_timestamp = TRUE;
      return scan_integer_member (s, scan, &scan->d->timestamp, "Timestamp is not an integer");
    }
  if (key_is (key, key_len, "Person"))
    {
      if (s->pos >= s->len || s->data[s->pos] != '{')
        {
          scan->what = "Person is not an object";
          return fail (s, scan->what);
        }
      scan->has_person = TRUE;
      return scan_object (s, depth + 1, person_member, scan);
    }
  return skip_value (s, depth + 1);
}

static gboolean
read_detection (Scanner         *s,
                guint            i,
                PvJobDetection  *d,
                GError         **error)
{
  DetectionScan scan = { d, FALSE, FALSE, FALSE, NULL };

  skip_ws (s);
  d->offset = s->pos;
  d->confidence = -1;
  d->timestamp = 0;
  d->index = 0;

  if (s->pos >= s->len || s->data[s->pos] != '{')
    {
      g_set_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID,
                   "Persons[%u]: not a PersonDetection object", i);
      return FALSE;
    }
  if (!scan_object (s, 2, detection_member, &scan))
    {
      g_set_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID,
                   "Persons[%u]: %s (byte %" G_GSIZE_FORMAT ")", i,
                   scan.what != NULL ? scan.what : s->error, s->pos);
      return FALSE;
    }
  d->length = s->pos - d->offset;

  if (!scan.has_timestamp || !scan.has_person || !scan.has_index)
    {
      g_set_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID,
                   "Persons[%u]: %s is missing", i,
                   !scan.has_timestamp ? "Timestamp" : !scan.has_person ? "Person" :
                   "Person.Index");
      return FALSE;
    }

  return TRUE;
}

typedef struct {
  PvJob   *job;
  GArray  *detections;
  gboolean seen_persons;
  GError **error;   /* set by a member function; the scanner's own error otherwise */
} JobScan;

static gboolean
read_string_member (Scanner    *s,
                    char      **out,
                    const char *name,
                    GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize start = s->pos;
  JsonNode *node;

  /* Rare and short: json-glib does the unescaping. */
  if (s->pos >= s->len || s->data[s->pos] != '"' || !skip_string (s) ||
      !json_parser_load_from_data (parser, s->data + start, s->pos - start, NULL) ||
      (node = json_parser_get_root (parser)) == NULL ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID,
                   "%s is not a string", name);
      return FALSE;
    }

  g_free (*out);
  *out = json_node_dup_string (node);
  return TRUE;
}

static gboolean
job_member (Scanner    *s,
            const char *key,
            gsize       key_len,
            guint       depth,
            gpointer    user_data)
{
  JobScan *scan = user_data;
  PvJob *job = scan->job;
  gsize start = s->pos;

  if (key_is (key, key_len, "Persons"))
    {
      if (!expect (s, '['))
        return FALSE;
      scan->seen_persons = TRUE;
      skip_ws (s);
      if (s->pos < s->len && s->data[s->pos] == ']')
        {
          s->pos++;
          return TRUE;
        }
      while (TRUE)
        {
          PvJobDetection d;

          if (!read_detection (s, scan->detections->len, &d, scan->error))
            return FALSE;
          g_array_append_val (scan->detections, d);
          skip_ws (s);
          if (s->pos < s->len && s->data[s->pos] == ',')
            {
              s->pos++;
              continue;
            }
          return expect (s, ']');
        }
    }

  if (key_is (key, key_len, "VideoMetadata"))
    {
      if (s->pos >= s->len || s->data[s->pos] != '{')
        {
          g_set_error (scan->error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID,
                       "VideoMetadata is not an object");
          return FALSE;
        }
      if (!skip_value (s, depth + 1))
        return FALSE;
      job->video_metadata_offset = start;
      job->video_metadata_length = s->pos - start;
      return TRUE;
    }

  if (key_is (key, key_len, "Video"))
    {
      if (s->pos >= s->len || s->data[s->pos] != '{')
        {
          g_set_error (scan->error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID,
                       "Video is not an object");
          return FALSE;
        }
      if (!skip_value (s, depth + 1))
        return FALSE;
      job->video_offset = start;
      job->video_length = s->pos - start;
      return TRUE;
    }

  if (key_is (key, key_len, "JobTag"))
    return read_string_member (s, &job->job_tag, "JobTag", scan->error);

  if (key_is (key, key_len, "JobStatus"))
    return read_string_member (s, &job->job_status, "JobStatus", scan->error);

  if (key_is (key, key_len, "StatusMessage"))
    return read_string_member (s, &job->status_message, "StatusMessage", scan->error);

  return skip_value (s, depth + 1);
}

static gboolean
parse_job (PvJob   *job,
           GError **error)
{
  g_autoptr(GArray) detections = g_array_new (FALSE, FALSE, sizeof (PvJobDetection));
  g_autoptr(GError) local_error = NULL;
  Scanner s = { job->data, g_bytes_get_size (job->bytes), 0, NULL };
  JobScan scan = { job, detections, FALSE, &local_error };
  const char *bad_utf8 = NULL;

  /* Pages are cut from these bytes and sent as they are, so they must be valid UTF-8 JSON. */
  if (!g_utf8_validate_len (s.data, s.len, &bad_utf8))
    {
      g_set_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID,
                   "invalid UTF-8 at byte %" G_GSIZE_FORMAT, (gsize) (bad_utf8 - s.data));
      return FALSE;
    }

  skip_ws (&s);
  if (s.pos >= s.len || s.data[s.pos] != '{')
    {
      fail (&s, "the file is not a JSON object");
      goto syntax;
    }
  if (!scan_object (&s, 0, job_member, &scan))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      goto syntax;
    }

  skip_ws (&s);
  if (s.pos != s.len)
    {
      fail (&s, "text after the top-level object");
      goto syntax;
    }

  if (!scan.seen_persons)
    {
      g_set_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID,
                   "the file has no Persons array");
      return FALSE;
    }

  if (job->job_status == NULL)
    job->job_status = g_strdup ("SUCCEEDED");
  job->n_detections = detections->len;
  job->detections = (PvJobDetection *) (gpointer) g_array_free (g_steal_pointer (&detections),
                                                                 FALSE);
  return TRUE;

syntax:
  g_set_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID,
               "invalid JSON at byte %" G_GSIZE_FORMAT ": %s", s.pos, s.error);
  return FALSE;
}

PvJob *
pv_job_new_from_bytes (const char  *job_id,
                       GBytes      *bytes,
                       guint64      generation,
                       GError     **error)
{
  g_autoptr(PvJob) job = NULL;

  g_return_val_if_fail (job_id != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  job = g_new0 (PvJob, 1);
  g_atomic_ref_count_init (&job->ref_count);
  job->job_id = g_strdup (job_id);
  job->bytes = g_bytes_ref (bytes);
  job->data = g_bytes_get_data (bytes, NULL);
  job->generation = generation;
  if (job->data == NULL)
    job->data = "";

  if (!parse_job (job, error))
    return NULL;

  return g_steal_pointer (&job);
}

PvJob *
pv_job_ref (PvJob *job)
{
  g_return_val_if_fail (job != NULL, NULL);

  g_atomic_ref_count_inc (&job->ref_count);
  return job;
}

void
pv_job_unref (PvJob *job)
{
  g_return_if_fail (job != NULL);

  if (!g_atomic_ref_count_dec (&job->ref_count))
    return;

  for (guint i = 0; i < PV_JOB_N_SORTS; i++)
    g_free (job->orders[i]);
  g_free (job->detections);
  g_free (job->job_id);
  g_free (job->job_status);
  g_free (job->status_message);
  g_free (job->job_tag);
  g_bytes_unref (job->bytes);
  g_free (job);
}

static int
compare_by_timestamp (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const PvJobDetection *d = user_data;
  const PvJobDetection *da = &d[*(const guint32 *) a];
  const PvJobDetection *db = &d[*(const guint32 *) b];

  if (da->timestamp != db->timestamp)
    return da->timestamp < db->timestamp ? -1 : 1;
  /* Ties keep the file's order. */
  return *(const guint32 *) a < *(const guint32 *) b ? -1 : 1;
}

static int
compare_by_index (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const PvJobDetection *d = user_data;
  const PvJobDetection *da = &d[*(const guint32 *) a];
  const PvJobDetection *db = &d[*(const guint32 *) b];

  if (da->index != db->index)
    return da->index < db->index ? -1 : 1;
  /* Within a person AWS orders by detection confidence, highest first. Detections without a face
   * carry no confidence and come last, then time breaks ties so the order is fully defined. */
  if (da->confidence != db->confidence)
    return da->confidence > db->confidence ? -1 : 1;
  if (da->timestamp != db->timestamp)
    return da->timestamp < db->timestamp ? -1 : 1;
  return *(const guint32 *) a < *(const guint32 *) b ? -1 : 1;
}

const guint32 *
pv_job_get_order (PvJob     *job,
                  PvJobSort  sort)
{
  guint32 *order;

  g_return_val_if_fail (job != NULL, NULL);
  g_return_val_if_fail (sort < PV_JOB_N_SORTS, NULL);

  if (job->orders[sort] != NULL)
    return job->orders[sort];

  order = g_new (guint32, MAX (job->n_detections, 1));
  for (guint i = 0; i < job->n_detections; i++)
    order[i] = i;
  g_qsort_with_data (order, job->n_detections, sizeof (guint32),
                     sort == PV_JOB_SORT_INDEX ? compare_by_index : compare_by_timestamp,
                     job->detections);
  job->orders[sort] = order;

  return order;
}

PvJobStore *
pv_job_store_new (const char *dir)
{
  PvJobStore *self;

  g_return_val_if_fail (dir != NULL, NULL);

  self = g_new0 (PvJobStore, 1);
  self->dir = g_strdup (dir);
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) pv_job_unref);
  return self;
}

void
pv_job_store_free (PvJobStore *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->cache);
  g_free (self->dir);
  g_free (self);
}

const char *
pv_job_store_get_dir (PvJobStore *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->dir;
}

static gboolean
job_id_is_safe (const char *job_id)
{
  gsize len = strlen (job_id);

  if (len < 1 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (job_id[i]) && job_id[i] != '-' && job_id[i] != '_')
      return FALSE;
  return TRUE;
}

PvJob *
pv_job_store_lookup (PvJobStore  *self,
                     const char  *job_id,
                     GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) mtime = NULL;
  PvJob *cached;
  PvJob *job;
  guint64 generation;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (job_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The caller validates too; this keeps "../" out of the path whatever a caller does. */
  if (!job_id_is_safe (job_id))
    {
      g_set_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_NOT_FOUND,
                   "JobId is not a valid job identifier");
      return NULL;
    }

  name = g_strconcat (job_id, ".json", NULL);
  path = g_build_filename (self->dir, name, NULL);
  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC ","
                            G_FILE_ATTRIBUTE_UNIX_INODE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_hash_table_remove (self->cache, job_id);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_NOT_FOUND,
                     "There is no job %s", job_id);
      else
        g_set_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID,
                     "%s: %s", name, local_error->message);
      return NULL;
    }

  /* A rewritten file (new mtime, size or inode) is a new generation: old tokens stop working. */
  mtime = g_file_info_get_modification_date_time (info);
  generation = (guint64) g_date_time_to_unix (mtime) * G_USEC_PER_SEC +
               g_date_time_get_microsecond (mtime);
  generation = generation * 1000003u ^ (guint64) g_file_info_get_size (info);
  generation = generation * 1000003u ^
               g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE);

  cached = g_hash_table_lookup (self->cache, job_id);
  if (cached != NULL && cached->generation == generation)
    return pv_job_ref (cached);

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID,
                   "%s: %s", name, local_error->message);
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (mapped);

  job = pv_job_new_from_bytes (job_id, bytes, generation, &local_error);
  if (job == NULL)
    {
      g_hash_table_remove (self->cache, job_id);
      g_set_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID,
                   "%s: %s", name, local_error->message);
      return NULL;
    }

  g_hash_table_replace (self->cache, g_strdup (job_id), pv_job_ref (job));
  return job;
}
