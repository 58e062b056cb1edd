package io.feedpipe.normalize;

import org.jsoup.select.Evaluator;

/** Drops every HTML element its CSS selector matches, with its content. */
record ElementRule(String id, String kind, Evaluator evaluator) {}
