/* pv-export-cli.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes of `pathview export` */
#define PV_EXPORT_CLI_OK        0
#define PV_EXPORT_CLI_FAILED    1
#define PV_EXPORT_CLI_CANCELLED 130

/* `pathview export VIDEO ...`: headless, no display needed. @argv[0] is "export". */
int pv_export_cli_run (int    argc,
                       char **argv);

G_END_DECLS
