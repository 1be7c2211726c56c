/* main.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pathview-server"

#include "config.h"

#include <gst/gst.h>

#include "pv-analyze-command.h"

int
main (int    argc,
      char **argv)
{
  gst_init (NULL, NULL);

  if (argc >= 2 && g_str_equal (argv[1], "analyze"))
    return pv_analyze_command_run (argc - 1, argv + 1);

  g_printerr ("usage: pathview-server analyze VIDEO --output FILE\n");
  return 2;
}
