package io.feedpipe.normalize;

import org.jsoup.select.Evaluator;

/** Drops every HTML element its CSS selector ({@code selector}, parsed as {@code evaluator}) matches, with its content. */
record ElementRule(String id, String kind, String selector, Evaluator evaluator) {}
