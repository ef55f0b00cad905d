/* select: a subset of the deck: cards by code or id, card set, theme and aspect. */
#ifndef KAARTSET_SELECT_H
#define KAARTSET_SELECT_H

#include <stddef.h>

#include "deck.h"
#include "diag.h"
#include "model.h"

/* Comma-separated lists, each NULL (or "") for no restriction. A card is
 * chosen when it matches every list given, and any name within a list. */
typedef struct select_options {
  const char *cards;   /* codes as printed (P1, S4, W2; any case) or ids */
  const char *sets;    /* card set ids or codes; "werkvorm" for the werkvorm cards */
  const char *themes;  /* theme ids */
  const char *aspects; /* aspect ids */
} select_options;

/* Whether o restricts anything. */
int select_active(const select_options *o);

/* The index in k of the face that name calls (its printed code in any case,
 * or its card or werkvorm id), or -1. */
long select_face_find(const deck *k, const model_instrument *m, const char *name);

/* The code or id of a face in k nearest to name (edit distance), for a
 * "did you mean": copied into buf (n bytes); "" when k has no faces. */
void select_face_nearest(const deck *k, const model_instrument *m, const char *name, char *buf,
                         size_t n);

/* Keeps in k only the faces keep[i] != 0 says, in deck order, freeing the
 * others' frames (backs stay: faces point to them). */
void select_deck_keep(deck *k, const unsigned char *keep);

/* Keeps in k the faces o chooses. A name that is no card, card set, theme
 * or aspect is a usage error naming the option, the name and the nearest
 * one; so is a choice that leaves no card. Returns 0, or -1 (k unchanged). */
int select_deck(deck *k, const model_instrument *m, const select_options *o, diag_list *d);

#endif
