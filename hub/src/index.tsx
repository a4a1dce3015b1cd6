/** Entry point: connect to the host, then show the hub. */
import 'azure-devops-ui/Core/override.css';
import './hub.css';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import { HubApp } from './components/App';
import { describeError } from './components/common/errors';
import { connectToHost, notifyFailed, notifyLoaded } from './sdk/sdkServices';

const root = document.getElementById('root');

connectToHost().then(
  (services) => {
    ReactDOM.render(<HubApp services={services} onReady={notifyLoaded} />, root);
  },
  (e: unknown) => {
    ReactDOM.render(
      <MessageCard severity={MessageCardSeverity.Error}>{`The Security hub could not start: ${describeError(e)}`}</MessageCard>,
      root,
    );
    notifyFailed(e);
  },
);
