/* main.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pv-application.h"
#include "pv-export-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PvApplication) app = NULL;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* `pathview export ...` runs headless: no display, no GtkApplication. */
  if (argc > 1 && g_str_equal (argv[1], "export"))
    return pv_export_cli_run (argc - 1, argv + 1);

  app = pv_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
