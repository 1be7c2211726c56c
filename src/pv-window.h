/* pv-window.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pv-application.h"

G_BEGIN_DECLS

#define PV_TYPE_WINDOW (pv_window_get_type ())

G_DECLARE_FINAL_TYPE (PvWindow, pv_window, PV, WINDOW, AdwApplicationWindow)

PvWindow *pv_window_new (PvApplication *application);

G_END_DECLS
