/* pv-analyze-command.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `pathview-server analyze VIDEO --output FILE`: the analysis without HTTP. argv[0] is "analyze".
 * Returns the process exit status. */
int pv_analyze_command_run (int    argc,
                            char **argv);

G_END_DECLS
