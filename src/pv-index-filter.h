/* pv-index-filter.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PV_TYPE_INDEX_FILTER (pv_index_filter_get_type ())

G_DECLARE_FINAL_TYPE (PvIndexFilter, pv_index_filter, PV, INDEX_FILTER, GObject)

typedef enum
{
  PV_INDEX_FILTER_ALL,    /* everyone is visible; the set is kept for later */
  PV_INDEX_FILTER_HIDE,   /* the set is hidden */
  PV_INDEX_FILTER_ONLY,   /* only the set is visible */
} PvIndexFilterMode;

#define PV_INDEX_FILTER_ERROR (pv_index_filter_error_quark ())

typedef enum
{
  PV_INDEX_FILTER_ERROR_PARSE,
} PvIndexFilterError;

GQuark             pv_index_filter_error_quark    (void);
PvIndexFilter     *pv_index_filter_new            (void);
PvIndexFilterMode  pv_index_filter_get_mode       (PvIndexFilter     *self);
void               pv_index_filter_set_mode       (PvIndexFilter     *self,
                                                   PvIndexFilterMode  mode);
gboolean           pv_index_filter_set_from_text  (PvIndexFilter     *self,
                                                   const char        *text,
                                                   GError           **error);
char              *pv_index_filter_to_text        (PvIndexFilter     *self);
gboolean           pv_index_filter_contains       (PvIndexFilter     *self,
                                                   gint64             index);
gboolean           pv_index_filter_in_set         (PvIndexFilter     *self,
                                                   gint64             index);
void               pv_index_filter_add            (PvIndexFilter     *self,
                                                   gint64             index);
void               pv_index_filter_remove         (PvIndexFilter     *self,
                                                   gint64             index);
void               pv_index_filter_clear          (PvIndexFilter     *self);

G_END_DECLS
