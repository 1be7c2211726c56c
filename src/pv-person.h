/* pv-person.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PV_TYPE_PERSON (pv_person_get_type ())

G_DECLARE_FINAL_TYPE (PvPerson, pv_person, PV, PERSON, GObject)

PvPerson *pv_person_new               (gint64    index,
                                       gint64    first_seen_ms,
                                       gint64    last_seen_ms,
                                       guint     n_detections,
                                       gboolean  has_face);
gint64    pv_person_get_index         (PvPerson *self);
gint64    pv_person_get_first_seen_ms (PvPerson *self);
gint64    pv_person_get_last_seen_ms  (PvPerson *self);
guint     pv_person_get_n_detections  (PvPerson *self);
gboolean  pv_person_get_has_face      (PvPerson *self);
gboolean  pv_person_get_visible       (PvPerson *self);
void      pv_person_set_visible       (PvPerson *self,
                                       gboolean  visible);
void      pv_person_get_color         (PvPerson *self,
                                       double   *red,
                                       double   *green,
                                       double   *blue);

G_END_DECLS
