/* fuzz-replay.c: feed every file of a corpus to a fuzz target, without libFuzzer
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Arguments are files or directories (read one level deep). An argument starting with
 * "@shared/" is relative to $PATHVIEW_SHARED_DATA and skipped when that is absent: real files
 * that may not be copied into the tree are replayed from there. Prints TAP. */

static guint n_run;

static void
replay_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      printf ("not ok %u %s: %s\n", ++n_run, path, error->message);
      exit (1);
    }
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  printf ("ok %u %s\n", ++n_run, path);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
replay (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      replay_file (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  names = g_ptr_array_new_with_free_func (g_free);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && g_strcmp0 (name, "README.md") != 0)
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  /* A stable order, so a failure is reproducible by its number. */
  g_ptr_array_sort (names, compare_paths);
  for (guint i = 0; i < names->len; i++)
    replay_file (g_ptr_array_index (names, i));
}

int
main (int   argc,
      char *argv[])
{
  const char *shared = g_getenv ("PATHVIEW_SHARED_DATA");

  for (int i = 1; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "@shared/"))
        {
          g_autofree char *path = NULL;

          if (shared == NULL)
            {
              printf ("# skipped %s: PATHVIEW_SHARED_DATA is not set\n", argv[i]);
              continue;
            }
          path = g_build_filename (shared, argv[i] + strlen ("@shared/"), NULL);
          if (!g_file_test (path, G_FILE_TEST_EXISTS))
            {
              printf ("# skipped %s: absent\n", path);
              continue;
            }
          replay (path);
        }
      else
        replay (argv[i]);
    }
  printf ("1..%u\n", n_run);
  return 0;
}
