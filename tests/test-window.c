/* test-window.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pv-application.h"
#include "pv-window.h"

/* One application for the whole program, as in the real one: it owns its D-Bus path. */
static PvApplication *app;

static void
present_and_wait (GtkWindow *window)
{
  gtk_window_present (window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_window_empty_state (void)
{
  PvWindow *window;
  GtkWidget *child;
  gboolean found_status_page = FALSE;

  window = pv_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  present_and_wait (GTK_WINDOW (window));

  /* A fresh window offers to open something rather than showing an empty video area. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (window));
       child != NULL && !found_status_page;
       child = gtk_widget_get_first_child (child))
    {
      for (GtkWidget *sibling = child; sibling; sibling = gtk_widget_get_next_sibling (sibling))
        if (ADW_IS_STATUS_PAGE (sibling))
          {
            g_assert_true (gtk_widget_get_visible (sibling));
            g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (sibling)), ==, "Open a Video");
            found_status_page = TRUE;
          }
    }
  g_assert_true (found_status_page);

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));

  gtk_window_destroy (GTK_WINDOW (window));
  while (window != NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_window_remembers_size (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  PvWindow *window;
  int width = 0;

  g_settings_set_int (settings, "window-width", 777);
  window = pv_window_new (app);
  g_object_get (window, "default-width", &width, NULL);
  g_assert_cmpint (width, ==, 777);

  g_object_set (window, "default-width", 900, NULL);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = pv_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/window/empty-state", test_window_empty_state);
  g_test_add_func ("/window/remembers-size", test_window_remembers_size);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
