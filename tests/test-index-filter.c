/* test-index-filter.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pv-index-filter.h"

static void
count_signal (guint *counter)
{
  (*counter)++;
}

static void
test_parse_format (void)
{
  g_autoptr(PvIndexFilter) filter = pv_index_filter_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  static const gint64 in[] = { 1, 3, 7, 8, 12, -1, -5, -3 };
  static const gint64 out[] = { 0, 2, 4, 6, 13, -2, -6, 14 };

  g_assert_true (pv_index_filter_set_from_text (filter, " 1, 3,7-12 ,, -1, -5--3,", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (in); i++)
    g_assert_true (pv_index_filter_in_set (filter, in[i]));
  for (guint i = 0; i < G_N_ELEMENTS (out); i++)
    g_assert_false (pv_index_filter_in_set (filter, out[i]));

  text = pv_index_filter_to_text (filter);
  g_assert_cmpstr (text, ==, "-5--3,-1,1,3,7-12");

  /* Overlapping and adjacent ranges merge; a range of two prints as a pair. */
  g_assert_true (pv_index_filter_set_from_text (filter, "5-9,2,3,4,10,20-21,8", &error));
  g_clear_pointer (&text, g_free);
  text = pv_index_filter_to_text (filter);
  g_assert_cmpstr (text, ==, "2-10,20,21");

  g_assert_true (pv_index_filter_set_from_text (filter,
                                                "-9223372036854775808,9223372036854775807",
                                                &error));
  g_assert_true (pv_index_filter_in_set (filter, G_MININT64));
  g_assert_true (pv_index_filter_in_set (filter, G_MAXINT64));
  g_assert_false (pv_index_filter_in_set (filter, 0));
}

static void
test_parse_errors (void)
{
  g_autoptr(PvIndexFilter) filter = pv_index_filter_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  static const struct { const char *text; const char *item; guint position; } cases[] = {
    { "1,3,7-x", "‘7-x’", 5 },
    { "abc", "‘abc’", 1 },
    { "1,  2 3", "‘2 3’", 5 },
    { "1,9223372036854775808", "‘9223372036854775808’", 3 },
    { "4,12-7", "‘12-7’", 3 },
    { "1-2-3", "‘1-2-3’", 1 },
    { "ä,x", "‘x’", 3 },
  };

  g_assert_true (pv_index_filter_set_from_text (filter, "4", NULL));
  before = pv_index_filter_to_text (filter);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *position = g_strdup_printf ("at position %u", cases[i].position);

      if (i == G_N_ELEMENTS (cases) - 1)
        {
          /* "ä" itself is the first error; positions count characters, not bytes. */
          g_assert_false (pv_index_filter_set_from_text (filter, "1,ä", &error));
          g_assert_nonnull (strstr (error->message, "‘ä’ at position 3"));
          continue;
        }
      g_assert_false (pv_index_filter_set_from_text (filter, cases[i].text, &error));
      g_assert_error (error, PV_INDEX_FILTER_ERROR, PV_INDEX_FILTER_ERROR_PARSE);
      g_test_message ("%s → %s", cases[i].text, error->message);
      g_assert_nonnull (strstr (error->message, cases[i].item));
      g_assert_nonnull (strstr (error->message, position));
    }
  after = pv_index_filter_to_text (filter);
  g_assert_cmpstr (before, ==, after);
}

static void
test_modes_and_signal (void)
{
  g_autoptr(PvIndexFilter) filter = pv_index_filter_new ();
  guint n_changed = 0;

  g_signal_connect_swapped (filter, "changed", G_CALLBACK (count_signal), &n_changed);

  g_assert_true (pv_index_filter_contains (filter, 5));
  g_assert_true (pv_index_filter_set_from_text (filter, "5,7", NULL));
  g_assert_cmpuint (n_changed, ==, 1);
  /* The same set again is no change. */
  g_assert_true (pv_index_filter_set_from_text (filter, "7, 5", NULL));
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_true (pv_index_filter_contains (filter, 5));

  pv_index_filter_set_mode (filter, PV_INDEX_FILTER_HIDE);
  g_assert_cmpuint (n_changed, ==, 2);
  pv_index_filter_set_mode (filter, PV_INDEX_FILTER_HIDE);
  g_assert_cmpuint (n_changed, ==, 2);
  g_assert_false (pv_index_filter_contains (filter, 5));
  g_assert_true (pv_index_filter_contains (filter, 6));

  pv_index_filter_set_mode (filter, PV_INDEX_FILTER_ONLY);
  g_assert_true (pv_index_filter_contains (filter, 5));
  g_assert_false (pv_index_filter_contains (filter, 6));

  pv_index_filter_add (filter, 6);
  g_assert_cmpuint (n_changed, ==, 4);
  pv_index_filter_add (filter, 6);
  g_assert_cmpuint (n_changed, ==, 4);
  g_assert_true (pv_index_filter_contains (filter, 6));

  pv_index_filter_remove (filter, 6);
  g_assert_cmpuint (n_changed, ==, 5);
  g_assert_false (pv_index_filter_in_set (filter, 6));
  g_assert_true (pv_index_filter_in_set (filter, 5));
  g_assert_true (pv_index_filter_in_set (filter, 7));
  pv_index_filter_remove (filter, 6);
  g_assert_cmpuint (n_changed, ==, 5);

  /* A failed parse changes nothing and says nothing. */
  g_assert_false (pv_index_filter_set_from_text (filter, "x", NULL));
  g_assert_cmpuint (n_changed, ==, 5);

  pv_index_filter_clear (filter);
  g_assert_cmpuint (n_changed, ==, 6);
  g_assert_false (pv_index_filter_contains (filter, 5));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/index-filter/parse-format", test_parse_format);
  g_test_add_func ("/index-filter/parse-errors", test_parse_errors);
  g_test_add_func ("/index-filter/modes-and-signal", test_modes_and_signal);

  return g_test_run ();
}
