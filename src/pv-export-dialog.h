/* pv-export-dialog.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pv-exporter.h"
#include "pv-overlay.h"
#include "pv-player.h"
#include "pv-timeline.h"

G_BEGIN_DECLS

#define PV_TYPE_EXPORT_DIALOG (pv_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PvExportDialog, pv_export_dialog, PV, EXPORT_DIALOG, AdwWindow)

PvExportDialog *pv_export_dialog_new          (GtkWindow            *parent,
                                               PvPlayer             *player,
                                               PvTimeline           *timeline,
                                               const PvOverlayStyle *style);

PvExporter     *pv_export_current_frame_new   (PvPlayer             *player,
                                               PvTimeline           *timeline,
                                               const PvOverlayStyle *style,
                                               GFile                *output);

G_END_DECLS
