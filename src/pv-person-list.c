/* pv-person-list.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-person-list"

#include "config.h"

#include <glib/gi18n.h>

#include "pv-palette.h"
#include "pv-person.h"
#include "pv-person-list.h"

struct _PvPersonList
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkSearchEntry *filter_entry;
  GtkListView    *list_view;
  GtkLabel       *summary_label;

  /* Owned */
  PvTimeline     *timeline;
  PvPlayer       *player;
};

G_DEFINE_FINAL_TYPE (PvPersonList, pv_person_list, GTK_TYPE_WIDGET)

enum { SIGNAL_PERSON_ACTIVATED, SIGNAL_FILTER_DISMISSED, N_SIGNALS };
static guint signals[N_SIGNALS];

static char *
format_ms (gint64 ms)
{
  return g_strdup_printf ("%d:%02d.%d", (int) (ms / 60000), (int) (ms / 1000 % 60), (int) (ms % 1000 / 100));
}

static PvIndexFilter *
get_filter (PvPersonList *self)
{
  return self->timeline != NULL ? pv_timeline_get_filter (self->timeline) : NULL;
}

void
pv_person_list_set_person_visible (PvPersonList *self,
                                   gint64        index,
                                   gboolean      visible)
{
  PvIndexFilter *filter;

  g_return_if_fail (PV_IS_PERSON_LIST (self));

  filter = get_filter (self);
  if (filter == NULL || pv_index_filter_contains (filter, index) == visible)
    return;

  switch (pv_index_filter_get_mode (filter))
    {
    case PV_INDEX_FILTER_ALL:
      /* Hiding one person out of everyone: the set becomes the hidden ones. */
      pv_index_filter_clear (filter);
      pv_index_filter_add (filter, index);
      pv_index_filter_set_mode (filter, PV_INDEX_FILTER_HIDE);
      break;
    case PV_INDEX_FILTER_HIDE:
      if (visible)
        pv_index_filter_remove (filter, index);
      else
        pv_index_filter_add (filter, index);
      break;
    case PV_INDEX_FILTER_ONLY:
    default:
      if (visible)
        pv_index_filter_add (filter, index);
      else
        pv_index_filter_remove (filter, index);
      break;
    }
}

void
pv_person_list_show_only (PvPersonList *self,
                          gint64        index)
{
  PvIndexFilter *filter;
  g_autofree char *text = NULL;

  g_return_if_fail (PV_IS_PERSON_LIST (self));

  filter = get_filter (self);
  if (filter == NULL)
    return;
  text = g_strdup_printf ("%" G_GINT64_FORMAT, index);
  /* Through the entry, so that what it says is what is shown. */
  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), text);
  pv_person_list_set_filter_text (self, text);
}

/* "1,3,7-12" shows only those people; an empty text shows everyone. */
gboolean
pv_person_list_set_filter_text (PvPersonList *self,
                                const char   *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = NULL;
  PvIndexFilter *filter;

  g_return_val_if_fail (PV_IS_PERSON_LIST (self), FALSE);

  filter = get_filter (self);
  if (filter == NULL)
    return FALSE;

  stripped = g_strstrip (g_strdup (text ? text : ""));
  if (stripped[0] == '\0')
    {
      pv_index_filter_clear (filter);
      pv_index_filter_set_mode (filter, PV_INDEX_FILTER_ALL);
      gtk_widget_remove_css_class (GTK_WIDGET (self->filter_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->filter_entry), NULL);
      return TRUE;
    }

  if (!pv_index_filter_set_from_text (filter, text, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->filter_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->filter_entry), error->message);
      return FALSE;
    }
  pv_index_filter_set_mode (filter, PV_INDEX_FILTER_ONLY);
  gtk_widget_remove_css_class (GTK_WIDGET (self->filter_entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->filter_entry), NULL);
  return TRUE;
}

static void
on_search_changed (PvPersonList *self)
{
  pv_person_list_set_filter_text (self, gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)));
}

/* Escape in the filter: a first press clears it, as in GNOME's search entries; in an empty one
 * the user wants out, which the container decides (a folded sidebar closes). The entry takes
 * Escape for itself, so nothing above would see it otherwise. */
static void
on_stop_search (PvPersonList *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), "");
  else
    g_signal_emit (self, signals[SIGNAL_FILTER_DISMISSED], 0);
}

void
pv_person_list_focus_filter (PvPersonList *self)
{
  g_return_if_fail (PV_IS_PERSON_LIST (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
}

/* Rows */

static void
on_visible_toggled (GtkCheckButton *check,
                    PvPersonList   *self)
{
  PvPerson *person = g_object_get_data (G_OBJECT (check), "person");

  if (person != NULL)
    pv_person_list_set_person_visible (self, pv_person_get_index (person),
                                       gtk_check_button_get_active (check));
}

static void
on_only_clicked (GtkButton    *button,
                 PvPersonList *self)
{
  PvPerson *person = g_object_get_data (G_OBJECT (button), "person");

  if (person != NULL)
    pv_person_list_show_only (self, pv_person_get_index (person));
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           PvPersonList             *self)
{
  GtkWidget *box, *swatch, *labels, *title, *subtitle, *check, *only;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  swatch = gtk_label_new (NULL);
  labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  title = gtk_label_new (NULL);
  subtitle = gtk_label_new (NULL);
  check = gtk_check_button_new ();
  only = gtk_button_new_from_icon_name ("find-location-symbolic");

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "numeric");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_add_css_class (only, "flat");
  gtk_widget_set_valign (only, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (check, _("Show this person"));
  gtk_widget_set_tooltip_text (only, _("Show only this person"));

  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), subtitle);
  gtk_box_append (GTK_BOX (box), swatch);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), only);

  g_object_set_data (G_OBJECT (box), "swatch", swatch);
  g_object_set_data (G_OBJECT (box), "title", title);
  g_object_set_data (G_OBJECT (box), "subtitle", subtitle);
  g_object_set_data (G_OBJECT (box), "check", check);
  g_object_set_data (G_OBJECT (box), "only", only);
  g_signal_connect (check, "toggled", G_CALLBACK (on_visible_toggled), self);
  g_signal_connect (only, "clicked", G_CALLBACK (on_only_clicked), self);

  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          PvPersonList             *self)
{
  PvPerson *person = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *check = g_object_get_data (G_OBJECT (box), "check");
  g_autofree char *markup = NULL;
  g_autofree char *title = NULL;
  g_autofree char *index_text = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *subtitle = NULL;
  GBinding *binding;
  double r, g, b;
  guint n = pv_person_get_n_detections (person);

  pv_palette_color (pv_person_get_index (person), &r, &g, &b);
  markup = g_strdup_printf ("<span foreground=\"#%02x%02x%02x\" size=\"x-large\">■</span>",
                            (int) (r * 255 + 0.5), (int) (g * 255 + 0.5), (int) (b * 255 + 0.5));
  gtk_label_set_markup (g_object_get_data (G_OBJECT (box), "swatch"), markup);

  index_text = g_strdup_printf ("%" G_GINT64_FORMAT, pv_person_get_index (person));
  /* Translators: a person in the list, by their Index */
  title = g_strdup_printf (_("Person %s"), index_text);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "title"), title);

  first = format_ms (pv_person_get_first_seen_ms (person));
  last = format_ms (pv_person_get_last_seen_ms (person));
  /* Translators: first seen – last seen · number of detections */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s – %s · %u detection",
                                           "%s – %s · %u detections", n),
                              first, last, n);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "subtitle"), subtitle);

  g_object_set_data (G_OBJECT (check), "person", person);
  g_object_set_data (G_OBJECT (g_object_get_data (G_OBJECT (box), "only")), "person", person);
  binding = g_object_bind_property (person, "visible", check, "active", G_BINDING_SYNC_CREATE);
  g_object_set_data (G_OBJECT (box), "binding", binding);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            PvPersonList             *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GBinding *binding = g_object_get_data (G_OBJECT (box), "binding");

  if (binding != NULL)
    g_binding_unbind (binding);
  g_object_set_data (G_OBJECT (box), "binding", NULL);
  g_object_set_data (G_OBJECT (g_object_get_data (G_OBJECT (box), "check")), "person", NULL);
  g_object_set_data (G_OBJECT (g_object_get_data (G_OBJECT (box), "only")), "person", NULL);
}

static void
on_activate (GtkListView  *list_view,
             guint         position,
             PvPersonList *self)
{
  g_autoptr(PvPerson) person = NULL;
  GListModel *model;

  if (self->timeline == NULL)
    return;
  model = pv_timeline_get_people (self->timeline);
  person = g_list_model_get_item (model, position);
  if (person == NULL)
    return;

  /* Jump to the person's first appearance: Timestamps count from the first frame. */
  if (self->player != NULL && pv_player_get_loaded (self->player))
    pv_player_seek (self->player, pv_timeline_get_time_offset (self->timeline) +
                                  pv_person_get_first_seen_ms (person) * 1000);
  g_signal_emit (self, signals[SIGNAL_PERSON_ACTIVATED], 0, pv_person_get_index (person));
}

static void
update_summary (PvPersonList *self)
{
  g_autofree char *text = NULL;
  GListModel *people;
  guint n, shown = 0;

  if (self->timeline == NULL)
    {
      gtk_label_set_text (self->summary_label, "");
      return;
    }
  people = pv_timeline_get_people (self->timeline);
  n = g_list_model_get_n_items (people);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PvPerson) person = g_list_model_get_item (people, i);

      if (pv_person_get_visible (person))
        shown++;
    }
  /* Translators: "3 of 106 people shown" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u person shown", "%u of %u people shown", n),
                          shown, n);
  gtk_label_set_text (self->summary_label, text);
}

void
pv_person_list_set_timeline (PvPersonList *self,
                             PvTimeline   *timeline)
{
  g_autoptr(GtkSelectionModel) selection = NULL;

  g_return_if_fail (PV_IS_PERSON_LIST (self));

  if (self->timeline == timeline)
    return;
  if (self->timeline != NULL)
    g_signal_handlers_disconnect_by_data (self->timeline, self);
  g_set_object (&self->timeline, timeline);

  if (timeline != NULL)
    {
      GtkSingleSelection *single = gtk_single_selection_new (g_object_ref (pv_timeline_get_people (timeline)));

      gtk_single_selection_set_autoselect (single, FALSE);
      gtk_single_selection_set_can_unselect (single, TRUE);
      gtk_single_selection_set_selected (single, GTK_INVALID_LIST_POSITION);
      selection = GTK_SELECTION_MODEL (single);
      g_signal_connect_swapped (timeline, "changed", G_CALLBACK (update_summary), self);
    }
  gtk_list_view_set_model (self->list_view, selection);

  /* A new result starts with everyone shown. */
  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), "");
  update_summary (self);
}

/* Follows a selection made elsewhere (a click on a box): the row is selected and scrolled to. */
void
pv_person_list_select_index (PvPersonList *self,
                             gint64        index)
{
  GtkSingleSelection *selection;
  GListModel *people;
  guint n, position = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (PV_IS_PERSON_LIST (self));

  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (self->list_view));
  if (selection == NULL || self->timeline == NULL)
    return;

  people = pv_timeline_get_people (self->timeline);
  n = g_list_model_get_n_items (people);
  for (guint i = 0; i < n && index >= 0; i++)
    {
      g_autoptr(PvPerson) person = g_list_model_get_item (people, i);

      if (pv_person_get_index (person) == index)
        {
          position = i;
          break;
        }
    }
  gtk_single_selection_set_selected (selection, position);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

void
pv_person_list_set_player (PvPersonList *self,
                           PvPlayer     *player)
{
  g_return_if_fail (PV_IS_PERSON_LIST (self));

  g_set_object (&self->player, player);
}

static void
pv_person_list_dispose (GObject *object)
{
  PvPersonList *self = PV_PERSON_LIST (object);
  GtkWidget *child;

  pv_person_list_set_timeline (self, NULL);
  g_clear_object (&self->player);
  gtk_widget_dispose_template (GTK_WIDGET (self), PV_TYPE_PERSON_LIST);
  /* The template's top box is not a bound child: it is ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pv_person_list_parent_class)->dispose (object);
}

static void
pv_person_list_class_init (PvPersonListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_person_list_dispose;

  signals[SIGNAL_PERSON_ACTIVATED] =
    g_signal_new ("person-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* Escape in an empty filter. */
  signals[SIGNAL_FILTER_DISMISSED] =
    g_signal_new ("filter-dismissed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pathview/Pathview/pv-person-list.ui");
  gtk_widget_class_bind_template_child (widget_class, PvPersonList, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, PvPersonList, list_view);
  gtk_widget_class_bind_template_child (widget_class, PvPersonList, summary_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pv-person-list");
}

static void
pv_person_list_init (PvPersonList *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  g_signal_connect (self->list_view, "activate", G_CALLBACK (on_activate), self);
  g_signal_connect_swapped (self->filter_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect_swapped (self->filter_entry, "stop-search", G_CALLBACK (on_stop_search), self);
}
