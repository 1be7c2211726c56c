/* pv-palette.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void pv_palette_color (gint64  index,
                       double *red,
                       double *green,
                       double *blue);

G_END_DECLS
