/* pv-preferences.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PV_TYPE_PREFERENCES (pv_preferences_get_type ())

G_DECLARE_FINAL_TYPE (PvPreferences, pv_preferences, PV, PREFERENCES, AdwPreferencesWindow)

GtkWindow *pv_preferences_new (GtkWindow *parent);

G_END_DECLS
