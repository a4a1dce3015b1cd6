// Entry of the component test bundle (hub/webpack.hub.js --env hubTests): the DOM first.
import './setupDom';
import './hubComponents.test';
