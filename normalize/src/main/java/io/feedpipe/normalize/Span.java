package io.feedpipe.normalize;

import java.util.Optional;

/** A run of text inside a block, with the absolute http/https/mailto link it carries, if any. */
record Span(String text, Optional<String> href) {}
