/* test-export-cli.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pv-export-cli.h"
#include "pv-result.h"
#include "test-clip.h"

static char *tmpdir;
static Clip *clip;
static char *results_path;
static const ClipSpec spec = { "cli.mp4", 320, 240, 25, 1, 1, 1, 60, 0, FALSE, FALSE };

/* Person 3 on every frame; person 5 only at Timestamps 400 … 800 ms (frames 10 … 20). */
static void
write_results (const char *path)
{
  GString *json = g_string_new ("{\"JobStatus\": \"SUCCEEDED\", \"Persons\": [");
  gboolean first = TRUE;

  for (int t = 0; t < 60 * 40; t += 40)
    {
      g_string_append_printf (json, "%s{\"Timestamp\": %d, \"Person\": {\"Index\": 3, "
                              "\"BoundingBox\": {\"Left\": 0.1, \"Top\": 0.4, \"Width\": 0.2, "
                              "\"Height\": 0.5}}}", first ? "" : ", ", t);
      first = FALSE;
      if (t >= 400 && t <= 800)
        g_string_append_printf (json, ", {\"Timestamp\": %d, \"Person\": {\"Index\": 5, "
                                "\"BoundingBox\": {\"Left\": 0.6, \"Top\": 0.4, \"Width\": 0.2, "
                                "\"Height\": 0.5}}}", t);
    }
  g_string_append (json, "]}");
  g_assert_true (g_file_set_contents (path, json->str, json->len, NULL));
  g_string_free (json, TRUE);
}

static int
run_cli (const char *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) "export");
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return pv_export_cli_run (args->len - 1, (char **) args->pdata);
}

static JsonArray *
sidecar_frames (const char *dir,
                JsonParser *parser)
{
  g_autofree char *path = g_build_filename (dir, "frames.json", NULL);
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       "frames");
}

static void
test_png_range (void)
{
  g_autofree char *out = g_build_filename (tmpdir, "range", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *frames;

  /* 0.4 s to 0.8 s from the first frame: frames 10 … 20 at 25 fps. */
  g_assert_cmpint (run_cli (clip->path, "--results", results_path, "--output", out,
                            "--from", "0.4", "--to", "0:00.8", "--quiet", NULL), ==,
                   PV_EXPORT_CLI_OK);
  frames = sidecar_frames (out, parser);
  g_assert_cmpuint (json_array_get_length (frames), ==, 11);
  for (guint i = 0; i < 11; i++)
    {
      JsonObject *entry = json_array_get_object_element (frames, i);
      JsonArray *people = json_object_get_array_member (entry, "detections");

      g_assert_cmpint (json_object_get_int_member (entry, "frame"), ==, 10 + i);
      g_assert_cmpint (json_object_get_int_member (entry, "pts_us"), ==, PTS (clip, 10 + i));
      g_assert_cmpuint (json_array_get_length (people), ==, 2);
    }

  /* The same again is refused without --force, and the folder is left alone. */
  g_assert_cmpint (run_cli (clip->path, "--results", results_path, "--output", out, "--quiet",
                            NULL), ==, PV_EXPORT_CLI_FAILED);
  g_assert_cmpuint (json_array_get_length (sidecar_frames (out, parser)), ==, 11);
  g_assert_cmpint (run_cli (clip->path, "--results", results_path, "--output", out,
                            "--to", "0.2", "--force", "--quiet", NULL), ==, PV_EXPORT_CLI_OK);
  g_assert_cmpuint (json_array_get_length (sidecar_frames (out, parser)), ==, 6);
}

static void
test_persons_detections_only (void)
{
  g_autofree char *out = g_build_filename (tmpdir, "person5", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *frames;

  g_assert_cmpint (run_cli (clip->path, "--results", results_path, "--output", out,
                            "--persons", "5", "--detections-only", "--every", "2", "--quiet",
                            NULL), ==, PV_EXPORT_CLI_OK);
  /* Every 2nd frame (0, 2, 4 …) and only where person 5 is: 10, 12 … 20. */
  frames = sidecar_frames (out, parser);
  g_assert_cmpuint (json_array_get_length (frames), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      JsonObject *entry = json_array_get_object_element (frames, i);
      JsonArray *people = json_object_get_array_member (entry, "detections");

      g_assert_cmpint (json_object_get_int_member (entry, "frame"), ==, 10 + 2 * i);
      g_assert_cmpuint (json_array_get_length (people), ==, 1);
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (people, 0),
                                                   "Index"), ==, 5);
    }
}

static void
test_mp4 (void)
{
  g_autofree char *out = g_build_filename (tmpdir, "all.mp4", NULL);
  g_autoptr(GArray) pts = NULL;

  g_assert_cmpint (run_cli (clip->path, "--results", results_path, "--output", out, "--quiet",
                            "--trail", "1", NULL), ==, PV_EXPORT_CLI_OK);
  pts = decode_pts (out);
  g_assert_cmpuint (pts->len, ==, spec.n_frames);
}

static void
test_usage_errors (void)
{
  g_autofree char *out = g_build_filename (tmpdir, "never.mp4", NULL);
  g_autofree char *jpg = g_build_filename (tmpdir, "frame.JPG", NULL);

  g_assert_cmpint (run_cli (NULL, NULL), ==, PV_EXPORT_CLI_FAILED);
  g_assert_cmpint (run_cli (clip->path, "--output", out, NULL), ==, PV_EXPORT_CLI_FAILED);
  g_assert_cmpint (run_cli (clip->path, "--results", results_path, "--job-id", "abc",
                            "--output", out, NULL), ==, PV_EXPORT_CLI_FAILED);
  g_assert_cmpint (run_cli (clip->path, "--results", results_path, "--output", out,
                            "--from", "soon", NULL), ==, PV_EXPORT_CLI_FAILED);
  g_assert_cmpint (run_cli (clip->path, "--results", results_path, "--output", out,
                            "--format", "gif", NULL), ==, PV_EXPORT_CLI_FAILED);
  g_assert_cmpint (run_cli ("/nonexistent/video.mp4", "--results", results_path,
                            "--output", out, NULL), ==, PV_EXPORT_CLI_FAILED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  /* A picture name that is not .png is not quietly made a folder of PNGs. */
  g_assert_cmpint (run_cli (clip->path, "--results", results_path, "--output", jpg,
                            "--from", "0.5", NULL), ==, PV_EXPORT_CLI_FAILED);
  g_assert_false (g_file_test (jpg, G_FILE_TEST_EXISTS));
}

/* Runs the CLI with its stderr caught into a file; returns what it said. */
static char *
run_cli_stderr (int        *status,
                const char *results,
                const char *output)
{
  g_autofree char *log = g_build_filename (tmpdir, "stderr.txt", NULL);
  char *said = NULL;
  int saved, fd;

  fflush (stderr);
  saved = dup (STDERR_FILENO);
  fd = g_open (log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  dup2 (fd, STDERR_FILENO);
  close (fd);
  *status = run_cli (clip->path, "--results", results, "--output", output, "--quiet", NULL);
  fflush (stderr);
  dup2 (saved, STDERR_FILENO);
  close (saved);
  g_assert_true (g_file_get_contents (log, &said, NULL, NULL));
  return said;
}

static void
test_unwritable (void)
{
  g_autofree char *file = g_build_filename (tmpdir, "not-a-folder", NULL);
  const char *names[] = { "out.mp4", "out.webm", "frames" };

  /* Under a file no one can create anything, root included. The user is told about the name
   * they gave, not the ".partial" one the export writes first. */
  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *out = g_build_filename (file, names[i], NULL);
      g_autofree char *said = NULL;
      int status;

      said = run_cli_stderr (&status, results_path, out);
      g_test_message ("%s", said);
      g_assert_cmpint (status, ==, PV_EXPORT_CLI_FAILED);
      g_assert_true (g_str_has_prefix (said, "pathview export: "));
      g_assert_nonnull (strstr (said, out));
      g_assert_null (strstr (said, ".partial"));
    }
}

/* What the reader left out is said, even with --quiet: here an Index past 2^64, which json-glib
 * would have wrapped, and a VideoMetadata that is a number. The export still runs. */
static void
test_result_warnings (void)
{
  g_autofree char *results = g_build_filename (tmpdir, "doubtful.json", NULL);
  g_autofree char *out = g_build_filename (tmpdir, "doubtful.png", NULL);
  g_autoptr(GFile) results_file = NULL;
  g_autoptr(PvResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *said = NULL;
  GPtrArray *warnings;
  int status;

  g_assert_true (g_file_set_contents (results,
                                      "{\"JobStatus\": \"SUCCEEDED\", \"VideoMetadata\": 5, "
                                      "\"Persons\": [{\"Timestamp\": 0, \"Person\": {\"Index\": "
                                      "18446744073709551617, \"BoundingBox\": {\"Left\": 0.1, "
                                      "\"Top\": 0.1, \"Width\": 0.2, \"Height\": 0.5}}}, "
                                      "{\"Timestamp\": 0, \"Person\": {\"Index\": 1, "
                                      "\"BoundingBox\": {\"Left\": 0.5, \"Top\": 0.1, "
                                      "\"Width\": 0.2, \"Height\": 0.5}}}]}", -1, NULL));
  results_file = g_file_new_for_path (results);
  result = pv_result_load_file (results_file, NULL, NULL, &error);
  g_assert_no_error (error);
  warnings = pv_result_get_warnings (result);
  g_assert_cmpuint (warnings->len, ==, 2);

  said = run_cli_stderr (&status, results, out);
  g_test_message ("%s", said);
  g_assert_cmpint (status, ==, PV_EXPORT_CLI_OK);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  for (guint i = 0; i < warnings->len; i++)
    {
      const PvResultWarning *w = g_ptr_array_index (warnings, i);
      g_autofree char *line = g_strdup_printf ("%s: %s\n", w->location, w->message);

      g_assert_nonnull (strstr (said, line));
    }
  g_assert_nonnull (strstr (said, "VideoMetadata"));
  g_assert_nonnull (strstr (said, "Index"));
}

static gboolean
interrupt_cb (gpointer data)
{
  raise (SIGINT);
  return G_SOURCE_REMOVE;
}

static void
test_interrupt (void)
{
  g_autofree char *out = g_build_filename (tmpdir, "interrupted.mp4", NULL);
  g_autofree char *partial = g_strconcat (out, ".partial", NULL);

  /* Ctrl+C while exporting: exit 130 and no half-written file. */
  g_timeout_add (1, interrupt_cb, NULL);
  g_assert_cmpint (run_cli (clip->path, "--results", results_path, "--output", out, "--quiet",
                            NULL), ==, PV_EXPORT_CLI_CANCELLED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  if (d == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  tmpdir = g_dir_make_tmp ("pathview-cli-XXXXXX", &error);
  g_assert_no_error (error);
  clip = make_clip (tmpdir, &spec);
  results_path = g_build_filename (tmpdir, "results.json", NULL);
  write_results (results_path);

  g_test_add_func ("/export-cli/png/range-and-force", test_png_range);
  g_test_add_func ("/export-cli/png/persons-detections-only", test_persons_detections_only);
  g_test_add_func ("/export-cli/mp4", test_mp4);
  g_test_add_func ("/export-cli/usage-errors", test_usage_errors);
  g_test_add_func ("/export-cli/unwritable", test_unwritable);
  g_test_add_func ("/export-cli/result-warnings", test_result_warnings);
  g_test_add_func ("/export-cli/interrupt", test_interrupt);

  ret = g_test_run ();

  g_clear_pointer (&clip, clip_free);
  g_free (results_path);
  remove_tree (tmpdir);
  g_free (tmpdir);
  gst_deinit ();

  return ret;
}
