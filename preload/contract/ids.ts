// The shape of an id (conversations, turns, converted model names): plain data both sides check,
// main through IdSchema, the renderer before it offers to convert under a name.
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,80}$/
