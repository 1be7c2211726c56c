/* pv-index-filter.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-index-filter"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pv-index-filter.h"
#include "pv-result-enums.h"

/* A set of Index values kept as sorted, disjoint, non-adjacent ranges: "0-100000" stays one
 * range however many people a tracker invents, and a lookup is a binary search. */

typedef struct
{
  gint64 first;
  gint64 last;
} Range;

struct _PvIndexFilter
{
  GObject            parent_instance;

  /* Owned */
  GArray            *ranges;

  PvIndexFilterMode  mode;
};

G_DEFINE_FINAL_TYPE (PvIndexFilter, pv_index_filter, G_TYPE_OBJECT)

G_DEFINE_QUARK (pv-index-filter-error-quark, pv_index_filter_error)

enum {
  PROP_0,
  PROP_MODE,
  PROP_TEXT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
emit_changed (PvIndexFilter *self,
              gboolean       set_changed)
{
  if (set_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
ranges_equal (GArray *a,
              GArray *b)
{
  return a->len == b->len && memcmp (a->data, b->data, a->len * sizeof (Range)) == 0;
}

/* Inserts [first, last] into a sorted range list, merging overlapping and adjacent ranges. */
static void
ranges_add (GArray *ranges,
            gint64  first,
            gint64  last)
{
  guint i = 0;

  g_assert (first <= last);

  while (i < ranges->len && g_array_index (ranges, Range, i).last < first
         && !(g_array_index (ranges, Range, i).last != G_MAXINT64
              && g_array_index (ranges, Range, i).last + 1 == first))
    i++;

  /* Ranges from i on that touch [first, last] are swallowed. */
  while (i < ranges->len)
    {
      Range *r = &g_array_index (ranges, Range, i);

      if (r->first > last && !(last != G_MAXINT64 && last + 1 == r->first))
        break;
      first = MIN (first, r->first);
      last = MAX (last, r->last);
      g_array_remove_index (ranges, i);
    }
  g_array_insert_val (ranges, i, ((Range) { first, last }));
}

static void
pv_index_filter_finalize (GObject *object)
{
  PvIndexFilter *self = (PvIndexFilter *)object;

  g_clear_pointer (&self->ranges, g_array_unref);

  G_OBJECT_CLASS (pv_index_filter_parent_class)->finalize (object);
}

static void
pv_index_filter_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PvIndexFilter *self = PV_INDEX_FILTER (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_TEXT:
      g_value_take_string (value, pv_index_filter_to_text (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_index_filter_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PvIndexFilter *self = PV_INDEX_FILTER (object);

  switch (prop_id)
    {
    case PROP_MODE:
      pv_index_filter_set_mode (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_index_filter_class_init (PvIndexFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pv_index_filter_finalize;
  object_class->get_property = pv_index_filter_get_property;
  object_class->set_property = pv_index_filter_set_property;

  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL,
                       PV_TYPE_INDEX_FILTER_MODE, PV_INDEX_FILTER_ALL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The set as pv_index_filter_to_text () writes it; set it with
   * pv_index_filter_set_from_text (), which can fail. */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "",
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Once per change of the set or the mode, so views redraw once however the change was made. */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
pv_index_filter_init (PvIndexFilter *self)
{
  self->ranges = g_array_new (FALSE, FALSE, sizeof (Range));
}

PvIndexFilter *
pv_index_filter_new (void)
{
  return g_object_new (PV_TYPE_INDEX_FILTER, NULL);
}

PvIndexFilterMode
pv_index_filter_get_mode (PvIndexFilter *self)
{
  g_return_val_if_fail (PV_IS_INDEX_FILTER (self), PV_INDEX_FILTER_ALL);
  return self->mode;
}

void
pv_index_filter_set_mode (PvIndexFilter     *self,
                          PvIndexFilterMode  mode)
{
  g_return_if_fail (PV_IS_INDEX_FILTER (self));
  g_return_if_fail (mode <= PV_INDEX_FILTER_ONLY);

  if (self->mode == mode)
    return;
  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
  emit_changed (self, FALSE);
}

/* Parses an optionally negative decimal integer at *p; FALSE when there is none or it overflows. */
static gboolean
parse_int (const char **p,
           gint64      *value)
{
  const char *s = *p;
  gboolean negative = FALSE;
  guint64 magnitude = 0;
  guint64 limit;

  if (*s == '-')
    {
      negative = TRUE;
      s++;
    }
  if (!g_ascii_isdigit (*s))
    return FALSE;
  limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;
  while (g_ascii_isdigit (*s))
    {
      guint digit = (guint) (*s - '0');

      if (magnitude > (limit - digit) / 10)
        return FALSE;
      magnitude = magnitude * 10 + digit;
      s++;
    }
  *value = negative ? (gint64) (0 - magnitude) : (gint64) magnitude;
  *p = s;
  return TRUE;
}

/**
 * pv_index_filter_set_from_text:
 * @text: Indexes and ranges separated by commas, like "1,3,7-12" (blanks are allowed; a
 *   negative Index is written "-1", a range of negative ones "-5--1")
 *
 * Replaces the set. On a parse error the set is unchanged and @error names the item and its
 * 1-based character position.
 *
 * Returns: %TRUE when @text was read
 */
gboolean
pv_index_filter_set_from_text (PvIndexFilter  *self,
                               const char     *text,
                               GError        **error)
{
  g_autoptr(GArray) ranges = NULL;
  const char *p;

  g_return_val_if_fail (PV_IS_INDEX_FILTER (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ranges = g_array_new (FALSE, FALSE, sizeof (Range));
  p = text;
  while (*p != '\0')
    {
      const char *item;
      const char *item_end;
      const char *q;
      gint64 first, last;
      g_autofree char *shown = NULL;

      while (*p == ' ' || *p == '\t' || *p == ',')
        p++;
      if (*p == '\0')
        break;
      item = p;
      item_end = strchr (item, ',');
      if (item_end == NULL)
        item_end = item + strlen (item);
      while (item_end > item && (item_end[-1] == ' ' || item_end[-1] == '\t'))
        item_end--;
      shown = g_strndup (item, (gsize) (item_end - item));

      q = item;
      if (!parse_int (&q, &first))
        goto not_a_number;
      last = first;
      while (q < item_end && (*q == ' ' || *q == '\t'))
        q++;
      if (q < item_end && *q == '-')
        {
          q++;
          while (q < item_end && (*q == ' ' || *q == '\t'))
            q++;
          if (!parse_int (&q, &last))
            goto not_a_number;
        }
      while (q < item_end && (*q == ' ' || *q == '\t'))
        q++;
      if (q != item_end)
        goto not_a_number;
      if (last < first)
        {
          g_set_error (error, PV_INDEX_FILTER_ERROR, PV_INDEX_FILTER_ERROR_PARSE,
                       _("‘%s’ at position %u is a range that ends before it starts"),
                       shown, (guint) g_utf8_pointer_to_offset (text, item) + 1);
          return FALSE;
        }
      ranges_add (ranges, first, last);
      p = item_end;
      continue;

    not_a_number:
      g_set_error (error, PV_INDEX_FILTER_ERROR, PV_INDEX_FILTER_ERROR_PARSE,
                   _("‘%s’ at position %u is not a number or a range like 7-12"),
                   shown, (guint) g_utf8_pointer_to_offset (text, item) + 1);
      return FALSE;
    }

  if (ranges_equal (ranges, self->ranges))
    return TRUE;
  g_array_unref (self->ranges);
  self->ranges = g_steal_pointer (&ranges);
  /* In ALL mode nobody's visibility changes, but listeners still show the set's text. */
  emit_changed (self, TRUE);
  return TRUE;
}

/**
 * pv_index_filter_to_text:
 *
 * Returns: (transfer full): the set, like "1,3,7-12"; ranges of two are written "3,4"
 */
char *
pv_index_filter_to_text (PvIndexFilter *self)
{
  GString *s;

  g_return_val_if_fail (PV_IS_INDEX_FILTER (self), NULL);

  s = g_string_new (NULL);
  for (guint i = 0; i < self->ranges->len; i++)
    {
      const Range *r = &g_array_index (self->ranges, Range, i);

      if (s->len > 0)
        g_string_append_c (s, ',');
      if (r->first == r->last)
        g_string_append_printf (s, "%" G_GINT64_FORMAT, r->first);
      else if (r->last - 1 == r->first)
        g_string_append_printf (s, "%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, r->first, r->last);
      else
        g_string_append_printf (s, "%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, r->first, r->last);
    }
  return g_string_free (s, FALSE);
}

/**
 * pv_index_filter_in_set:
 *
 * Returns: whether @index is in the set, whatever the mode
 */
gboolean
pv_index_filter_in_set (PvIndexFilter *self,
                        gint64         index)
{
  guint lo = 0, hi;

  g_return_val_if_fail (PV_IS_INDEX_FILTER (self), FALSE);

  hi = self->ranges->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const Range *r = &g_array_index (self->ranges, Range, mid);

      if (index < r->first)
        hi = mid;
      else if (index > r->last)
        lo = mid + 1;
      else
        return TRUE;
    }
  return FALSE;
}

/**
 * pv_index_filter_contains:
 *
 * Returns: whether the person @index is visible under the filter: always in ALL mode, when
 *   outside the set in HIDE mode, when inside it in ONLY mode
 */
gboolean
pv_index_filter_contains (PvIndexFilter *self,
                          gint64         index)
{
  g_return_val_if_fail (PV_IS_INDEX_FILTER (self), TRUE);

  switch (self->mode)
    {
    case PV_INDEX_FILTER_HIDE:
      return !pv_index_filter_in_set (self, index);
    case PV_INDEX_FILTER_ONLY:
      return pv_index_filter_in_set (self, index);
    case PV_INDEX_FILTER_ALL:
    default:
      return TRUE;
    }
}

void
pv_index_filter_add (PvIndexFilter *self,
                     gint64         index)
{
  g_return_if_fail (PV_IS_INDEX_FILTER (self));

  if (pv_index_filter_in_set (self, index))
    return;
  ranges_add (self->ranges, index, index);
  emit_changed (self, TRUE);
}

void
pv_index_filter_remove (PvIndexFilter *self,
                        gint64         index)
{
  g_return_if_fail (PV_IS_INDEX_FILTER (self));

  for (guint i = 0; i < self->ranges->len; i++)
    {
      Range r = g_array_index (self->ranges, Range, i);

      if (index < r.first || index > r.last)
        continue;
      g_array_remove_index (self->ranges, i);
      if (r.first < index)
        g_array_insert_val (self->ranges, i++, ((Range) { r.first, index - 1 }));
      if (index < r.last)
        g_array_insert_val (self->ranges, i, ((Range) { index + 1, r.last }));
      emit_changed (self, TRUE);
      return;
    }
}

void
pv_index_filter_clear (PvIndexFilter *self)
{
  g_return_if_fail (PV_IS_INDEX_FILTER (self));

  if (self->ranges->len == 0)
    return;
  g_array_set_size (self->ranges, 0);
  emit_changed (self, TRUE);
}
