/* pv-person-list.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pv-player.h"
#include "pv-timeline.h"

G_BEGIN_DECLS

#define PV_TYPE_PERSON_LIST (pv_person_list_get_type ())

G_DECLARE_FINAL_TYPE (PvPersonList, pv_person_list, PV, PERSON_LIST, GtkWidget)

void     pv_person_list_set_timeline   (PvPersonList *self,
                                        PvTimeline   *timeline);
void     pv_person_list_set_player     (PvPersonList *self,
                                        PvPlayer     *player);
void     pv_person_list_focus_filter   (PvPersonList *self);
gboolean pv_person_list_set_filter_text (PvPersonList *self,
                                         const char   *text);
void     pv_person_list_set_person_visible (PvPersonList *self,
                                            gint64        index,
                                            gboolean      visible);
void     pv_person_list_show_only      (PvPersonList *self,
                                        gint64        index);
void     pv_person_list_select_index   (PvPersonList *self,
                                        gint64        index);

G_END_DECLS
