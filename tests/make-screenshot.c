/* make-screenshot.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* make-screenshot OUT.png VIDEO RESULTS SECONDS [WIDTH HEIGHT]: opens the pair in a real window,
 * seeks, and renders the window as the user sees it, for data/screenshots/ and the metainfo. */

#include "config.h"

#include <stdlib.h>

#include "pv-application.h"
#include "pv-window.h"

static gboolean
ready (PvWindow *window)
{
  PvPlayer *player = pv_window_get_player (window);

  return player != NULL && pv_player_get_loaded (player) && pv_window_get_timeline (window) != NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PvApplication) app = NULL;
  g_autoptr(GFile) video = NULL;
  g_autoptr(GFile) results = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  PvOpenRequest request = { 0 };
  PvWindow *window;
  PvPlayer *player;
  gint64 deadline;
  int width, height;

  if (argc < 5)
    {
      g_printerr ("usage: %s OUT.png VIDEO RESULTS SECONDS [WIDTH HEIGHT]\n", argv[0]);
      return 2;
    }

  gtk_init ();
  adw_init ();
  app = pv_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  window = pv_window_new (app);
  width = argc > 6 ? atoi (argv[5]) : 1280;
  height = argc > 6 ? atoi (argv[6]) : 800;
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));

  video = g_file_new_for_commandline_arg (argv[2]);
  results = g_file_new_for_commandline_arg (argv[3]);
  request.video = video;
  request.results = results;
  pv_window_open (window, &request);

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!ready (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!ready (window))
    {
      g_printerr ("The video or the results did not load\n");
      return 1;
    }

  player = pv_window_get_player (window);
  pv_player_seek (player, pv_player_get_first_pts (player) + (gint64) (g_ascii_strtod (argv[4], NULL) * G_USEC_PER_SEC));
  while (pv_player_get_seeking (player) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  /* A few frame-clock cycles so that the toasts and the layout settle. */
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  {
    GtkSnapshot *snapshot = gtk_snapshot_new ();

    gdk_paintable_snapshot (paintable, snapshot, width, height);
    node = gtk_snapshot_free_to_node (snapshot);
  }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, argv[1]))
    {
      g_printerr ("Could not write %s\n", argv[1]);
      return 1;
    }
  g_print ("%s: %dx%d\n", argv[1], width, height);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
