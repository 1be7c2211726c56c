/* pv-person.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-person"

#include "config.h"

#include "pv-palette.h"
#include "pv-person.h"

/* One tracked person, as the person list shows it. The timeline creates them and keeps
 * "visible" in step with its Index filter; the filter, not this property, is what decides. */

struct _PvPerson
{
  GObject   parent_instance;

  gint64    index;
  gint64    first_seen_ms;
  gint64    last_seen_ms;
  guint     n_detections;
  guint     has_face : 1;
  guint     visible : 1;
};

G_DEFINE_FINAL_TYPE (PvPerson, pv_person, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INDEX,
  PROP_FIRST_SEEN_MS,
  PROP_LAST_SEEN_MS,
  PROP_N_DETECTIONS,
  PROP_HAS_FACE,
  PROP_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pv_person_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PvPerson *self = PV_PERSON (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_int64 (value, self->index);
      break;
    case PROP_FIRST_SEEN_MS:
      g_value_set_int64 (value, self->first_seen_ms);
      break;
    case PROP_LAST_SEEN_MS:
      g_value_set_int64 (value, self->last_seen_ms);
      break;
    case PROP_N_DETECTIONS:
      g_value_set_uint (value, self->n_detections);
      break;
    case PROP_HAS_FACE:
      g_value_set_boolean (value, self->has_face);
      break;
    case PROP_VISIBLE:
      g_value_set_boolean (value, self->visible);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_person_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PvPerson *self = PV_PERSON (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      self->index = g_value_get_int64 (value);
      break;
    case PROP_FIRST_SEEN_MS:
      self->first_seen_ms = g_value_get_int64 (value);
      break;
    case PROP_LAST_SEEN_MS:
      self->last_seen_ms = g_value_get_int64 (value);
      break;
    case PROP_N_DETECTIONS:
      self->n_detections = g_value_get_uint (value);
      break;
    case PROP_HAS_FACE:
      self->has_face = g_value_get_boolean (value);
      break;
    case PROP_VISIBLE:
      pv_person_set_visible (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_person_class_init (PvPersonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  object_class->get_property = pv_person_get_property;
  object_class->set_property = pv_person_set_property;

  properties[PROP_INDEX] =
    g_param_spec_int64 ("index", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);
  properties[PROP_FIRST_SEEN_MS] =
    g_param_spec_int64 ("first-seen-ms", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);
  properties[PROP_LAST_SEEN_MS] =
    g_param_spec_int64 ("last-seen-ms", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);
  properties[PROP_N_DETECTIONS] =
    g_param_spec_uint ("n-detections", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_HAS_FACE] =
    g_param_spec_boolean ("has-face", NULL, NULL, FALSE, ro);
  properties[PROP_VISIBLE] =
    g_param_spec_boolean ("visible", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pv_person_init (PvPerson *self)
{
  self->visible = TRUE;
}

PvPerson *
pv_person_new (gint64   index,
               gint64   first_seen_ms,
               gint64   last_seen_ms,
               guint    n_detections,
               gboolean has_face)
{
  return g_object_new (PV_TYPE_PERSON,
                       "index", index,
                       "first-seen-ms", first_seen_ms,
                       "last-seen-ms", last_seen_ms,
                       "n-detections", n_detections,
                       "has-face", has_face,
                       NULL);
}

gint64
pv_person_get_index (PvPerson *self)
{
  g_return_val_if_fail (PV_IS_PERSON (self), 0);
  return self->index;
}

gint64
pv_person_get_first_seen_ms (PvPerson *self)
{
  g_return_val_if_fail (PV_IS_PERSON (self), 0);
  return self->first_seen_ms;
}

gint64
pv_person_get_last_seen_ms (PvPerson *self)
{
  g_return_val_if_fail (PV_IS_PERSON (self), 0);
  return self->last_seen_ms;
}

guint
pv_person_get_n_detections (PvPerson *self)
{
  g_return_val_if_fail (PV_IS_PERSON (self), 0);
  return self->n_detections;
}

gboolean
pv_person_get_has_face (PvPerson *self)
{
  g_return_val_if_fail (PV_IS_PERSON (self), FALSE);
  return self->has_face;
}

gboolean
pv_person_get_visible (PvPerson *self)
{
  g_return_val_if_fail (PV_IS_PERSON (self), FALSE);
  return self->visible;
}

void
pv_person_set_visible (PvPerson *self,
                       gboolean  visible)
{
  g_return_if_fail (PV_IS_PERSON (self));

  visible = !!visible;
  if (self->visible == (guint) visible)
    return;
  self->visible = visible;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE]);
}

/**
 * pv_person_get_color:
 *
 * The person's colour, the same as pv_palette_color () gives for the Index.
 */
void
pv_person_get_color (PvPerson *self,
                     double   *red,
                     double   *green,
                     double   *blue)
{
  g_return_if_fail (PV_IS_PERSON (self));
  pv_palette_color (self->index, red, green, blue);
}
