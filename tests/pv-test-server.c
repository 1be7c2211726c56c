/* pv-test-server.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>

#include "pv-test-server.h"

/* The real pathview-server, started for one test on a free loopback port with its own jobs
 * folder and the credentials in pv-test-server.h. Shared by every test that talks HTTP. */

const char *
pv_test_server_binary (void)
{
  const char *path = g_getenv ("PATHVIEW_SERVER");

  g_assert_nonnull (path);
  return path;
}

char *
pv_test_make_tmp_dir (void)
{
  GError *error = NULL;
  char *dir = g_dir_make_tmp ("pv-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
pv_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        pv_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* A failed assertion aborts the test before pv_test_server_stop () runs: the server must not outlive it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

PvTestServer *
pv_test_server_start (const char *const *extra_args)
{
  PvTestServer *server = g_new0 (PvTestServer, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *credentials = NULL;
  g_autofree char *port_file = NULL;
  g_autofree char *port_text = NULL;
  GError *error = NULL;
  gint64 deadline;

  server->dir = pv_test_make_tmp_dir ();
  server->jobs_dir = g_build_filename (server->dir, "jobs", NULL);
  g_assert_cmpint (g_mkdir (server->jobs_dir, 0700), ==, 0);
  credentials = g_build_filename (server->dir, "credentials", NULL);
  port_file = g_build_filename (server->dir, "port", NULL);
  server->log_path = g_build_filename (server->dir, "server.log", NULL);
  g_file_set_contents (credentials,
                       "[default]\naws_access_key_id = " ACCESS_KEY "\n"
                       "aws_secret_access_key = " SECRET_KEY "\n"
                       "[temporary]\naws_access_key_id = " TEMP_ACCESS_KEY "\n"
                       "aws_secret_access_key = " TEMP_SECRET_KEY "\n"
                       "aws_session_token = " SESSION_TOKEN "\n", -1, &error);
  g_assert_no_error (error);

  g_ptr_array_add (argv, g_strdup (pv_test_server_binary ()));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup ("0"));
  g_ptr_array_add (argv, g_strdup ("--port-file"));
  g_ptr_array_add (argv, g_strdup (port_file));
  g_ptr_array_add (argv, g_strdup ("--jobs"));
  g_ptr_array_add (argv, g_strdup (server->jobs_dir));
  g_ptr_array_add (argv, g_strdup ("--credentials"));
  g_ptr_array_add (argv, g_strdup (credentials));
  /* --verbose logs one line per request, which pv_test_server_requests () counts. */
  g_ptr_array_add (argv, g_strdup ("--verbose"));
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra_args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_set_stdout_file_path (launcher, server->log_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, server->log_path);
  server->process = g_subprocess_launcher_spawnv (launcher,
                                                  (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!g_file_get_contents (port_file, &port_text, NULL, NULL) || port_text[0] == '\0'
         || !g_str_has_suffix (port_text, "\n"))
    {
      g_clear_pointer (&port_text, g_free);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10000);
    }
  server->url = g_strdup_printf ("http://127.0.0.1:%u", (guint) g_ascii_strtoull (port_text,
                                                                                    NULL, 10));
  return server;
}

void
pv_test_server_stop (PvTestServer *server)
{
  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
  pv_test_remove_tree (server->dir);
  g_free (server->dir);
  g_free (server->jobs_dir);
  g_free (server->url);
  g_free (server->log_path);
  g_free (server);
}

guint
pv_test_server_requests (PvTestServer *server)
{
  g_autofree char *log = NULL;
  guint n = 0;

  g_file_get_contents (server->log_path, &log, NULL, NULL);
  for (const char *p = log; p != NULL && (p = strstr (p, "pathview-server: POST ")); p++)
    n++;
  return n;
}

/* A detection's contribution to the order-independent checksum; the same formula is applied to
 * what PvResult hands back, and by tests/boto3-fetch.py (floor (x + 0.5), not Python's
 * round-half-even, so ties agree). */
guint64
pv_test_detection_hash (gint64 timestamp_ms,
                        gint64 index,
                        double left,
                        double top)
{
  return (guint64) timestamp_ms * 1000003u + (guint64) index * 7919u
         + (guint64) (gint64) floor (left * 1e6 + 0.5) * 31u
         + (guint64) (gint64) floor (top * 1e6 + 0.5);
}

PvTestExpected
pv_test_result_expected (PvResult *result)
{
  const PvDetection *detections;
  PvTestExpected got = { 0, 0 };

  detections = pv_result_get_detections (result, &got.n);
  for (guint i = 0; i < got.n; i++)
    got.sum += pv_test_detection_hash (detections[i].timestamp_ms, detections[i].index,
                                       detections[i].box.left, detections[i].box.top);
  return got;
}
