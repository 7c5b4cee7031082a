// n8n finds the nodes and credentials through package.json's "n8n" field, not through this file.
// It lets a checkout of the repository be required once built (scripts, local experiments).
module.exports = {
	nodes: require('./package.json').n8n.nodes,
	credentials: require('./package.json').n8n.credentials,
};
