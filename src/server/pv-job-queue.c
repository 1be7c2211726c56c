/* pv-job-queue.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-job-queue"

#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "pv-analyzer.h"
#include "pv-job-queue.h"

#define STATE_SUFFIX ".state"

struct _PvJobQueue
{
  GObject       parent_instance;

  char         *jobs_dir;
  guint         n_workers;
  GHashTable   *buckets;       /* name -> real folder path */

  GMutex        lock;          /* guards jobs and tokens, and the state files */
  GHashTable   *jobs;          /* JobId -> JsonObject state */
  GHashTable   *tokens;        /* ClientRequestToken -> JobId */

  GThreadPool  *pool;
  GCancellable *cancellable;   /* cancelled at shutdown: running jobs stay IN_PROGRESS on disk */
};

G_DEFINE_FINAL_TYPE (PvJobQueue, pv_job_queue, G_TYPE_OBJECT)
G_DEFINE_QUARK (pv-job-queue-error-quark, pv_job_queue_error)

static void run_job (gpointer data, gpointer user_data);

const char *
pv_job_queue_error_type (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != PV_JOB_QUEUE_ERROR)
    return "InternalServerError";
  switch ((PvJobQueueError) error->code)
    {
    case PV_JOB_QUEUE_ERROR_INVALID_PARAMETER:
      return "InvalidParameterException";
    case PV_JOB_QUEUE_ERROR_INVALID_S3_OBJECT:
      return "InvalidS3ObjectException";
    case PV_JOB_QUEUE_ERROR_IDEMPOTENT_MISMATCH:
      return "IdempotentParameterMismatchException";
    case PV_JOB_QUEUE_ERROR_INTERNAL:
    default:
      return "InternalServerError";
    }
}

static void
pv_job_queue_dispose (GObject *object)
{
  pv_job_queue_shutdown (PV_JOB_QUEUE (object));

  G_OBJECT_CLASS (pv_job_queue_parent_class)->dispose (object);
}

static void
pv_job_queue_finalize (GObject *object)
{
  PvJobQueue *self = PV_JOB_QUEUE (object);

  g_clear_pointer (&self->jobs_dir, g_free);
  g_clear_pointer (&self->buckets, g_hash_table_unref);
  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->tokens, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (pv_job_queue_parent_class)->finalize (object);
}

static void
pv_job_queue_class_init (PvJobQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pv_job_queue_dispose;
  object_class->finalize = pv_job_queue_finalize;
}

static void
pv_job_queue_init (PvJobQueue *self)
{
  g_mutex_init (&self->lock);
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->jobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) json_object_unref);
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
}

static char *
state_path (PvJobQueue *self,
            const char *job_id)
{
  g_autofree char *name = g_strconcat (job_id, STATE_SUFFIX, NULL);

  return g_build_filename (self->jobs_dir, name, NULL);
}

static char *
result_path (PvJobQueue *self,
             const char *job_id)
{
  g_autofree char *name = g_strconcat (job_id, ".json", NULL);

  return g_build_filename (self->jobs_dir, name, NULL);
}

static gboolean
write_json (const char  *path,
            JsonObject  *object,
            gboolean     pretty,
            GError     **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = NULL;
  gsize length;

  json_generator_set_pretty (generator, pretty);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  /* g_file_set_contents writes a temporary file and renames it: a crash leaves the old state. */
  return g_file_set_contents (path, text, (gssize) length, error);
}

/* Called with the lock held. */
static void
save_state (PvJobQueue *self,
            JsonObject *state)
{
  const char *job_id = json_object_get_string_member (state, "JobId");
  g_autofree char *path = state_path (self, job_id);
  g_autoptr(GError) error = NULL;

  if (!write_json (path, state, TRUE, &error))
    g_warning ("Cannot save the state of job %s: %s", job_id, error->message);
}

/* What GetPersonTracking serves until the result is there: PvJobStore reads JobStatus and
 * StatusMessage from <JobId>.json, so the served file is the one place the status lives. */
static void
write_placeholder (PvJobQueue *self,
                   const char *job_id,
                   JsonObject *state,
                   const char *status,
                   const char *message)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *path = result_path (self, job_id);
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (object, "JobStatus", status);
  if (message != NULL)
    json_object_set_string_member (object, "StatusMessage", message);
  /* Served on every page, IN_PROGRESS and FAILED ones too. */
  json_object_set_string_member (object, "JobId", job_id);
  if (json_object_has_member (state, "Video"))
    json_object_set_member (object, "Video",
                            json_node_copy (json_object_get_member (state, "Video")));
  if (json_object_has_member (state, "JobTag"))
    json_object_set_string_member (object, "JobTag",
                                   json_object_get_string_member (state, "JobTag"));
  json_object_set_array_member (object, "Persons", json_array_new ());
  if (!write_json (path, object, FALSE, &error))
    g_warning ("Cannot write the status of job %s: %s", job_id, error->message);
}

static gboolean
matches_pattern (const char *text,
                 const char *allowed_punctuation)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr (allowed_punctuation, *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
load_states (PvJobQueue  *self,
             GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (self->jobs_dir, 0, error);
  const char *name;

  if (dir == NULL)
    return FALSE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autoptr(JsonParser) parser = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *path = NULL;
      JsonNode *root;
      JsonObject *state;
      const char *job_id;

      if (!g_str_has_suffix (name, STATE_SUFFIX))
        continue;
      path = g_build_filename (self->jobs_dir, name, NULL);
      parser = json_parser_new ();
      if (!json_parser_load_from_file (parser, path, &local_error))
        {
          g_warning ("Ignoring the job state %s: %s", path, local_error->message);
          continue;
        }
      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          g_warning ("Ignoring the job state %s: not a JSON object", path);
          continue;
        }
      state = json_node_get_object (root);
      job_id = json_object_get_string_member_with_default (state, "JobId", NULL);
      if (job_id == NULL || !json_object_has_member (state, "JobStatus")
          || !json_object_has_member (state, "VideoPath"))
        {
          g_warning ("Ignoring the job state %s: JobId, JobStatus or VideoPath is missing", path);
          continue;
        }

      g_hash_table_replace (self->jobs, g_strdup (job_id), json_object_ref (state));
      if (json_object_has_member (state, "ClientRequestToken"))
        {
          const char *token = json_object_get_string_member (state, "ClientRequestToken");

          g_hash_table_replace (self->tokens, g_strdup (token), g_strdup (job_id));
        }
    }
  return TRUE;
}

/**
 * pv_job_queue_new:
 * @jobs_dir: where job states and results live (created if missing)
 * @n_workers: jobs analysed at once; 0 = the number of cores
 *
 * Loads the jobs already in @jobs_dir. Jobs that were running when the server stopped run again
 * once pv_job_queue_resume() is called.
 */
PvJobQueue *
pv_job_queue_new (const char  *jobs_dir,
                  guint        n_workers,
                  GError     **error)
{
  g_autoptr(PvJobQueue) self = NULL;

  g_return_val_if_fail (jobs_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_mkdir_with_parents (jobs_dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot create the jobs folder “%s”: %s", jobs_dir, g_strerror (saved));
      return NULL;
    }

  self = g_object_new (PV_TYPE_JOB_QUEUE, NULL);
  self->jobs_dir = g_strdup (jobs_dir);
  self->n_workers = n_workers ? n_workers : g_get_num_processors ();
  if (!load_states (self, error))
    return NULL;
  self->pool = g_thread_pool_new (run_job, self, (int) self->n_workers, FALSE, NULL);
  return g_steal_pointer (&self);
}

/**
 * pv_job_queue_add_bucket:
 * @spec: "NAME=DIR"
 *
 * Maps the S3 bucket NAME to the local folder DIR, which must exist.
 */
gboolean
pv_job_queue_add_bucket (PvJobQueue  *self,
                         const char  *spec,
                         GError     **error)
{
  const char *eq;
  g_autofree char *name = NULL;
  g_autofree char *real = NULL;

  g_return_val_if_fail (PV_IS_JOB_QUEUE (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  eq = strchr (spec, '=');
  if (eq == NULL || eq == spec || eq[1] == '\0')
    {
      g_set_error (error, PV_JOB_QUEUE_ERROR, PV_JOB_QUEUE_ERROR_INVALID_PARAMETER,
                   "Bucket mapping “%s” is not NAME=DIR", spec);
      return FALSE;
    }
  name = g_strndup (spec, eq - spec);
  if (strlen (name) < 3 || strlen (name) > 255 || !matches_pattern (name, ".-_"))
    {
      g_set_error (error, PV_JOB_QUEUE_ERROR, PV_JOB_QUEUE_ERROR_INVALID_PARAMETER,
                   "Bucket name “%s” must be 3 to 255 letters, digits, '.', '-' or '_'", name);
      return FALSE;
    }
  real = realpath (eq + 1, NULL);
  if (real == NULL || !g_file_test (real, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, PV_JOB_QUEUE_ERROR, PV_JOB_QUEUE_ERROR_INVALID_PARAMETER,
                   "Bucket folder “%s” for “%s” is not a folder", eq + 1, name);
      free (g_steal_pointer (&real));
      return FALSE;
    }

  g_hash_table_replace (self->buckets, g_steal_pointer (&name), g_strdup (real));
  free (g_steal_pointer (&real));
  return TRUE;
}

/* Reads a string member, or reports the field and what was wrong. */
static gboolean
get_string (JsonObject  *object,
            const char  *where,
            const char  *member,
            gboolean     required,
            const char **out,
            GError     **error)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_set_error (error, PV_JOB_QUEUE_ERROR, PV_JOB_QUEUE_ERROR_INVALID_PARAMETER,
                     "%s%s is required", where, member);
      return !required;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, PV_JOB_QUEUE_ERROR, PV_JOB_QUEUE_ERROR_INVALID_PARAMETER,
                   "%s%s must be a string", where, member);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static JsonObject *
get_object (JsonObject  *object,
            const char  *where,
            const char  *member,
            gboolean     required,
            GError     **error)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_set_error (error, PV_JOB_QUEUE_ERROR, PV_JOB_QUEUE_ERROR_INVALID_PARAMETER,
                     "%s%s is required", where, member);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, PV_JOB_QUEUE_ERROR, PV_JOB_QUEUE_ERROR_INVALID_PARAMETER,
                   "%s%s must be an object", where, member);
      return NULL;
    }
  return json_node_get_object (node);
}

/* The object's path inside its bucket folder, or an error. The name is checked by its parts
 * first (a clear message for "..", absolute paths), then the real path is checked to still be
 * inside the folder, which is what catches symbolic links that point out. */
static char *
resolve_object (PvJobQueue  *self,
                const char  *bucket,
                const char  *name,
                GError     **error)
{
  const char *folder = g_hash_table_lookup (self->buckets, bucket);
  g_auto(GStrv) parts = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *prefix = NULL;
  char *real;
  char *copy;

  if (folder == NULL)
    {
      g_set_error (error, PV_JOB_QUEUE_ERROR, PV_JOB_QUEUE_ERROR_INVALID_S3_OBJECT,
                   "Video.S3Object.Bucket “%s” is not a bucket this server knows "
                   "(start it with --bucket %s=DIR)", bucket, bucket);
      return NULL;
    }
  if (*name == '\0' || strlen (name) > 1024)
    {
      g_set_error (error, PV_JOB_QUEUE_ERROR, PV_JOB_QUEUE_ERROR_INVALID_PARAMETER,
                   "Video.S3Object.Name must be 1 to 1024 characters");
      return NULL;
    }
  if (g_path_is_absolute (name))
    {
      g_set_error (error, PV_JOB_QUEUE_ERROR, PV_JOB_QUEUE_ERROR_INVALID_PARAMETER,
                   "Video.S3Object.Name “%s” is an absolute path; it must be relative to "
                   "the bucket", name);
      return NULL;
    }
  parts = g_strsplit (name, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], ".."))
      {
        g_set_error (error, PV_JOB_QUEUE_ERROR, PV_JOB_QUEUE_ERROR_INVALID_PARAMETER,
                     "Video.S3Object.Name “%s” contains “..”; it must stay inside the bucket",
                     name);
        return NULL;
      }

  joined = g_build_filename (folder, name, NULL);
  real = realpath (joined, NULL);
  if (real == NULL)
    {
      int saved = errno;

      g_set_error (error, PV_JOB_QUEUE_ERROR, PV_JOB_QUEUE_ERROR_INVALID_S3_OBJECT,
                   "Video.S3Object “%s” in bucket “%s” cannot be read: %s", name, bucket,
                   g_strerror (saved));
      return NULL;
    }
  prefix = g_strconcat (folder, G_DIR_SEPARATOR_S, NULL);
  if (!g_str_has_prefix (real, prefix))
    {
      g_set_error (error, PV_JOB_QUEUE_ERROR, PV_JOB_QUEUE_ERROR_INVALID_PARAMETER,
                   "Video.S3Object.Name “%s” leads out of the bucket folder (a symbolic link?)",
                   name);
      free (real);
      return NULL;
    }
  if (!g_file_test (real, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, PV_JOB_QUEUE_ERROR, PV_JOB_QUEUE_ERROR_INVALID_S3_OBJECT,
                   "Video.S3Object “%s” in bucket “%s” is not a file", name, bucket);
      free (real);
      return NULL;
    }

  copy = g_strdup (real);
  free (real);
  return copy;
}

static gboolean
same_member (JsonObject *a,
             JsonObject *b,
             const char *member)
{
  JsonNode *na = json_object_get_member (a, member);
  JsonNode *nb = json_object_get_member (b, member);

  if (na == NULL || nb == NULL)
    return na == nb;
  return json_node_equal (na, nb);
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

/**
 * pv_job_queue_start:
 * @request: a StartPersonTracking request body
 *
 * Returns: (transfer full): the JobId, or %NULL with an error whose AWS type is
 *   pv_job_queue_error_type ()
 */
char *
pv_job_queue_start (PvJobQueue  *self,
                    JsonObject  *request,
                    GError     **error)
{
  JsonObject *video, *s3, *channel;
  const char *bucket, *name, *version, *token, *tag, *topic, *role;
  g_autofree char *path = NULL;
  g_autofree char *job_id = NULL;
  g_autofree char *created = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(JsonObject) state = NULL;

  g_return_val_if_fail (PV_IS_JOB_QUEUE (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  video = get_object (request, "", "Video", TRUE, error);
  if (video == NULL)
    return NULL;
  s3 = get_object (video, "Video.", "S3Object", TRUE, error);
  if (s3 == NULL)
    return NULL;
  if (!get_string (s3, "Video.S3Object.", "Bucket", TRUE, &bucket, error)
      || !get_string (s3, "Video.S3Object.", "Name", TRUE, &name, error)
      || !get_string (s3, "Video.S3Object.", "Version", FALSE, &version, error)
      || !get_string (request, "", "ClientRequestToken", FALSE, &token, error)
      || !get_string (request, "", "JobTag", FALSE, &tag, error))
    return NULL;

  if (token != NULL
      && (strlen (token) < 1 || strlen (token) > 64 || !matches_pattern (token, "-_")))
    {
      g_set_error (error, PV_JOB_QUEUE_ERROR, PV_JOB_QUEUE_ERROR_INVALID_PARAMETER,
                   "ClientRequestToken must be 1 to 64 letters, digits, '-' or '_'");
      return NULL;
    }
  if (tag != NULL
      && (strlen (tag) < 1 || strlen (tag) > 1024 || !matches_pattern (tag, "_.-:+=/")))
    {
      g_set_error (error, PV_JOB_QUEUE_ERROR, PV_JOB_QUEUE_ERROR_INVALID_PARAMETER,
                   "JobTag must be 1 to 1024 letters, digits or any of _.-:+=/");
      return NULL;
    }

  channel = get_object (request, "", "NotificationChannel", FALSE, error);
  if (channel == NULL && error != NULL && *error != NULL)
    return NULL;
  if (channel != NULL)
    {
      if (!get_string (channel, "NotificationChannel.", "SNSTopicArn", TRUE, &topic, error)
          || !get_string (channel, "NotificationChannel.", "RoleArn", TRUE, &role, error))
        return NULL;
      if (!g_str_has_prefix (topic, "arn:aws:sns:") || !g_str_has_prefix (role, "arn:aws:iam::"))
        {
          g_set_error (error, PV_JOB_QUEUE_ERROR, PV_JOB_QUEUE_ERROR_INVALID_PARAMETER,
                       "NotificationChannel needs an SNS topic ARN (arn:aws:sns:...) and an IAM "
                       "role ARN (arn:aws:iam::...)");
          return NULL;
        }
    }

  locker = g_mutex_locker_new (&self->lock);

  /* Same token: the same job, as long as the request is the same one. */
  if (token != NULL && g_hash_table_contains (self->tokens, token))
    {
      const char *existing = g_hash_table_lookup (self->tokens, token);
      JsonObject *old = g_hash_table_lookup (self->jobs, existing);

      if (old == NULL
          || !same_member (old, request, "Video")
          || !same_member (old, request, "JobTag")
          || !same_member (old, request, "NotificationChannel"))
        {
          g_set_error (error, PV_JOB_QUEUE_ERROR, PV_JOB_QUEUE_ERROR_IDEMPOTENT_MISMATCH,
                       "ClientRequestToken “%s” was used for job %s with other parameters",
                       token, existing);
          return NULL;
        }
      return g_strdup (existing);
    }

  path = resolve_object (self, bucket, name, error);
  if (path == NULL)
    return NULL;

  job_id = g_uuid_string_random ();
  created = now_iso8601 ();
  state = json_object_new ();
  json_object_set_string_member (state, "JobId", job_id);
  json_object_set_string_member (state, "JobStatus", "IN_PROGRESS");
  json_object_set_member (state, "Video",
                          json_node_copy (json_object_get_member (request, "Video")));
  json_object_set_string_member (state, "VideoPath", path);
  if (token != NULL)
    json_object_set_string_member (state, "ClientRequestToken", token);
  if (tag != NULL)
    json_object_set_string_member (state, "JobTag", tag);
  if (channel != NULL)
    {
      /* There is no SNS here: recorded, so the caller can see it was taken, never published. */
      json_object_set_member (state, "NotificationChannel",
                              json_node_copy (json_object_get_member (request,
                                                                      "NotificationChannel")));
    }
  json_object_set_string_member (state, "SubmittedAt", created);
  json_object_set_int_member (state, "Runs", 0);

  g_hash_table_replace (self->jobs, g_strdup (job_id), json_object_ref (state));
  if (token != NULL)
    g_hash_table_replace (self->tokens, g_strdup (token), g_strdup (job_id));
  save_state (self, state);
  write_placeholder (self, job_id, state, "IN_PROGRESS", NULL);
  g_clear_pointer (&locker, g_mutex_locker_free);

  g_message ("Job %s: analysing %s", job_id, path);
  g_thread_pool_push (self->pool, g_strdup (job_id), NULL);
  return g_steal_pointer (&job_id);
}

/**
 * pv_job_queue_resume:
 *
 * Runs again every job that was IN_PROGRESS when the server last stopped, and notes it in the
 * job's state.
 */
void
pv_job_queue_resume (PvJobQueue *self)
{
  g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (PV_IS_JOB_QUEUE (self));

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonObject *state = value;
      g_autofree char *note = NULL;

      if (!g_str_equal (json_object_get_string_member (state, "JobStatus"), "IN_PROGRESS"))
        continue;
      note = g_strdup_printf ("The server stopped while this job was queued or running; it is "
                              "run again from the start (run %" G_GINT64_FORMAT ")",
                              json_object_get_int_member_with_default (state, "Runs", 0) + 1);
      json_object_set_string_member (state, "Note", note);
      save_state (self, state);
      write_placeholder (self, key, state, "IN_PROGRESS", NULL);
      g_message ("Job %s: %s", (const char *) key, note);
      g_ptr_array_add (again, g_strdup (key));
    }
  g_mutex_unlock (&self->lock);

  /* Oldest first, so a restart keeps the order jobs came in as far as it can. */
  for (guint i = 0; i < again->len; i++)
    g_thread_pool_push (self->pool, g_strdup (g_ptr_array_index (again, i)), NULL);
}

static void
finish_job (PvJobQueue *self,
            const char *job_id,
            const char *status,
            const char *message)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  JsonObject *state = g_hash_table_lookup (self->jobs, job_id);
  g_autofree char *done = now_iso8601 ();

  if (state == NULL)
    return;
  json_object_set_string_member (state, "JobStatus", status);
  if (message != NULL)
    json_object_set_string_member (state, "StatusMessage", message);
  json_object_set_string_member (state, "CompletedAt", done);
  save_state (self, state);
  if (g_str_equal (status, "FAILED"))
    write_placeholder (self, job_id, state, status, message);
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  g_autofree char *job_id = data;
  PvJobQueue *self = user_data;
  g_autofree char *video_path = NULL;
  g_autofree char *output = NULL;
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(JsonNode) video = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *text = NULL;
  gsize length;
  PvAnalyzerOptions options;
  JsonObject *state;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  g_mutex_lock (&self->lock);
  state = g_hash_table_lookup (self->jobs, job_id);
  if (state != NULL)
    {
      video_path = g_strdup (json_object_get_string_member (state, "VideoPath"));
      video = json_node_copy (json_object_get_member (state, "Video"));
      tag = g_strdup (json_object_get_string_member_with_default (state, "JobTag", NULL));
      json_object_set_int_member (state, "Runs",
                                  json_object_get_int_member_with_default (state, "Runs", 0) + 1);
      save_state (self, state);
    }
  g_mutex_unlock (&self->lock);
  if (video_path == NULL)
    return;

  pv_analyzer_options_init (&options);
  /* The cores are shared between the workers. */
  options.n_threads = MAX (1, g_get_num_processors () / self->n_workers);
  file = g_file_new_for_path (video_path);
  response = pv_analyzer_run (file, &options, NULL, NULL, self->cancellable, &error);

  if (response == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Left IN_PROGRESS on disk on purpose: the next start runs it again. */
          g_message ("Job %s: stopped by the shutdown; it will run again at the next start",
                     job_id);
          return;
        }
      g_message ("Job %s: failed: %s", job_id, error->message);
      finish_job (self, job_id, "FAILED", error->message);
      return;
    }

  json_object_set_string_member (response, "JobId", job_id);
  json_object_set_member (response, "Video", g_steal_pointer (&video));
  if (tag != NULL)
    json_object_set_string_member (response, "JobTag", tag);

  output = result_path (self, job_id);
  text = pv_analyzer_to_json (response, &length);
  if (!g_file_set_contents (output, text, (gssize) length, &error))
    {
      g_autofree char *message = g_strdup_printf ("Cannot save the result: %s", error->message);

      finish_job (self, job_id, "FAILED", message);
      return;
    }
  g_message ("Job %s: succeeded, %u person detections", job_id,
             json_array_get_length (json_object_get_array_member (response, "Persons")));
  finish_job (self, job_id, "SUCCEEDED", NULL);
}

/**
 * pv_job_queue_shutdown:
 *
 * Stops the workers: running analyses are cancelled and stay IN_PROGRESS on disk, to run again
 * at the next start. Safe to call twice.
 */
void
pv_job_queue_shutdown (PvJobQueue *self)
{
  g_return_if_fail (PV_IS_JOB_QUEUE (self));

  g_cancellable_cancel (self->cancellable);
  if (self->pool != NULL)
    {
      g_thread_pool_free (self->pool, TRUE, TRUE);
      self->pool = NULL;
    }
}
