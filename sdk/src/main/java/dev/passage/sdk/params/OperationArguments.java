package dev.passage.sdk.params;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Typed arguments of an operation; any JSON object may be given instead where a call takes arguments. */
public interface OperationArguments {
    /** The arguments as the JSON object the API takes. */
    ObjectNode toJson();
}
