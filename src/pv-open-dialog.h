/* pv-open-dialog.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pv-window.h"

G_BEGIN_DECLS

#define PV_TYPE_OPEN_DIALOG (pv_open_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PvOpenDialog, pv_open_dialog, PV, OPEN_DIALOG, AdwWindow)

PvOpenDialog *pv_open_dialog_new         (GtkWindow     *parent);
void          pv_open_dialog_get_request (PvOpenDialog  *self,
                                          PvOpenRequest *request);
void          pv_open_dialog_set_video   (PvOpenDialog  *self,
                                          GFile         *video);
void          pv_open_dialog_set_results (PvOpenDialog  *self,
                                          GFile         *results);

G_END_DECLS
