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
      char c = s->data[s->pos];

      if (c == '\\')
        s->pos++;
      else if (c == '"')
        {
          s->pos++;
          return TRUE;
        }
      else if ((guchar) c < 0x20)
        return fail (s, "control character in a string");
    }

  return fail (s, "unterminated string");
}

static gboolean skip_value (Scanner *s, guint depth);

static gboolean
skip_container (Scanner *s,
                guint    depth,
                char     close,
                gboolean is_object)
{
  s->pos++;
  skip_ws (s);
  if (s->pos < s->len && s->data[s->pos] == close)
    {
      s->pos++;
      return TRUE;
    }

  while (TRUE)
    {
      if (is_object)
        {
          skip_ws (s);
          if (s->pos >= s->len || s->data[s->pos] != '"')
            return fail (s, "expected a member name");
          if (!skip_string (s) || !expect (s, ':'))
            return FALSE;
        }
      if (!skip_value (s, depth + 1))
        return FALSE;
      skip_ws (s);
      if (s->pos >= s->len)
        return fail (s, "unexpected end of file");
      if (s->data[s->pos] == close)
        {
          s->pos++;
          return TRUE;
        }
      if (s->data[s->pos] != ',')
        return fail (s, "expected ',' or the end of a container");
      s->pos++;
    }
}

static gboolean
skip_value (Scanner *s,
            guint    depth)
{
  gsize start;

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
      return skip_container (s, depth, '}', TRUE);
    case '[':
      return skip_container (s, depth, ']', FALSE);
    default:
      start = s->pos;
      while (s->pos < s->len &&
             (g_ascii_isalnum (s->data[s->pos]) || s->data[s->pos] == '-' ||
              s->data[s->pos] == '+' || s->data[s->pos] == '.'))
        s->pos++;
      if (s->pos == start)
        return fail (s, "unexpected character");
      return TRUE;
    }
}

static gboolean
key_is (const Scanner *s,
        gsize          key_start,
        gsize          key_end,
        const char    *name)
{
  gsize n = strlen (name);

  /* key_start/key_end include the quotes */
  return key_end - key_start == n + 2 && memcmp (s->data + key_start + 1, name, n) == 0;
}

static gboolean
read_detection (JsonParser     *parser,
                const char     *data,
                gsize           offset,
                gsize           length,
                guint           i,
                PvJobDetection *d,
                GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *obj, *person, *face;
  JsonNode *node;

  d->offset = offset;
  d->length = length;
  d->confidence = -1;

  if (!json_parser_load_from_data (parser, data + offset, length, &local_error))
    {
      g_set_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID,
                   "Persons[%u]: %s", i, local_error->message);
      return FALSE;
    }

  node = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    goto shape;
  obj = json_node_get_object (node);

  node = json_object_get_member (obj, "Timestamp");
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID,
                   "Persons[%u]: Timestamp is missing or not an integer", i);
      return FALSE;
    }
  d->timestamp = json_node_get_int (node);

  node = json_object_get_member (obj, "Person");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    goto shape;
  person = json_node_get_object (node);

  node = json_object_get_member (person, "Index");
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID,
                   "Persons[%u]: Person.Index is missing or not an integer", i);
      return FALSE;
    }
  d->index = json_node_get_int (node);

  node = json_object_get_member (person, "Face");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      face = json_node_get_object (node);
      node = json_object_get_member (face, "Confidence");
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          (json_node_get_value_type (node) == G_TYPE_DOUBLE ||
           json_node_get_value_type (node) == G_TYPE_INT64))
        d->confidence = json_node_get_double (node);
    }

  return TRUE;

shape:
  g_set_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID,
               "Persons[%u]: not a PersonDetection object with a Person", i);
  return FALSE;
}

static char *
read_string_value (JsonParser *parser,
                   const char *data,
                   gsize       start,
                   gsize       end,
                   const char *name,
                   GError    **error)
{
  JsonNode *node;

  if (!json_parser_load_from_data (parser, data + start, end - start, NULL) ||
      (node = json_parser_get_root (parser)) == NULL ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID,
                   "%s is not a string", name);
      return NULL;
    }

  return json_node_dup_string (node);
}

static gboolean
parse_job (PvJob   *job,
           GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GArray) detections = g_array_new (FALSE, FALSE, sizeof (PvJobDetection));
  gboolean seen_persons = FALSE;
  Scanner s = { job->data, g_bytes_get_size (job->bytes), 0, NULL };

  if (!expect (&s, '{'))
    goto syntax;

  skip_ws (&s);
  if (s.pos < s.len && s.data[s.pos] == '}')
    s.pos++;
  else
    while (TRUE)
      {
        gsize key_start, key_end, value_start;

        skip_ws (&s);
        if (s.pos >= s.len || s.data[s.pos] != '"')
          {
            fail (&s, "expected a member name");
            goto syntax;
          }
        key_start = s.pos;
        if (!skip_string (&s))
          goto syntax;
        key_end = s.pos;
        if (!expect (&s, ':'))
          goto syntax;
        skip_ws (&s);
        value_start = s.pos;

        if (key_is (&s, key_start, key_end, "Persons"))
          {
            if (!expect (&s, '['))
              goto syntax;
            seen_persons = TRUE;
            skip_ws (&s);
            if (s.pos < s.len && s.data[s.pos] == ']')
              s.pos++;
            else
              while (TRUE)
                {
                  PvJobDetection d;
                  gsize start;

                  skip_ws (&s);
                  start = s.pos;
                  if (!skip_value (&s, 2))
                    goto syntax;
                  if (!read_detection (parser, s.data, start, s.pos - start, detections->len,
                                       &d, error))
                    return FALSE;
                  g_array_append_val (detections, d);
                  skip_ws (&s);
                  if (s.pos < s.len && s.data[s.pos] == ',')
                    {
                      s.pos++;
                      continue;
                    }
                  if (!expect (&s, ']'))
                    goto syntax;
                  break;
                }
          }
        else
          {
            if (!skip_value (&s, 1))
              goto syntax;

            if (key_is (&s, key_start, key_end, "VideoMetadata"))
              {
                if (s.data[value_start] != '{')
                  {
                    g_set_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID,
                                 "VideoMetadata is not an object");
                    return FALSE;
                  }
                job->video_metadata_offset = value_start;
                job->video_metadata_length = s.pos - value_start;
              }
            else if (key_is (&s, key_start, key_end, "JobStatus"))
              {
                g_free (job->job_status);
                job->job_status = read_string_value (parser, s.data, value_start, s.pos,
                                                     "JobStatus", error);
                if (job->job_status == NULL)
                  return FALSE;
              }
            else if (key_is (&s, key_start, key_end, "StatusMessage"))
              {
                g_free (job->status_message);
                job->status_message = read_string_value (parser, s.data, value_start, s.pos,
                                                         "StatusMessage", error);
                if (job->status_message == NULL)
                  return FALSE;
              }
          }

        skip_ws (&s);
        if (s.pos < s.len && s.data[s.pos] == ',')
          {
            s.pos++;
            continue;
          }
        if (!expect (&s, '}'))
          goto syntax;
        break;
      }

  skip_ws (&s);
  if (s.pos != s.len)
    {
      fail (&s, "text after the top-level object");
      goto syntax;
    }

  if (!seen_persons)
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
